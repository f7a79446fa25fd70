#include "source/mastodon_status.hpp"

#include <optional>
#include <string_view>

#include "core/hashtags.hpp"
#include "core/timestamp.hpp"
#include "source/html_text.hpp"
#include "source/location_field.hpp"
#include "source/post_record.hpp"

namespace tweetmap::post_detail {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

namespace {

// What one status object (or its reblog) yielded; views live until the next document.
struct StatusFields {
  std::string_view uri, created_at, content, language;
  std::vector<std::string_view>* tags = nullptr;
  bool has_tags = false;
};

struct Account {
  std::string_view acct, username, display_name, location;
};

error_code read_tags(od::value v, StatusFields& s, json::StringSpill& spill) {
  s.has_tags = true;
  return json::for_each_item(v, [&](od::value tag) -> error_code {
    return json::for_each_field(tag, [&](std::string_view k, od::field& f) -> error_code {
      if (k != "name") return SUCCESS;
      std::string_view name;
      SIMDJSON_TRY(json::get_optional_string(f.value(), name, spill));
      if (!name.empty()) s.tags->push_back(name);
      return SUCCESS;
    });
  });
}

// account.fields[]: the value of the first field whose name states a location (HTML, turned into
// text when the record is made).
error_code read_fields(od::value v, Account& a, json::StringSpill& spill) {
  return json::for_each_item(v, [&](od::value field) -> error_code {
    std::string_view name, value;
    SIMDJSON_TRY(json::for_each_field(field, [&](std::string_view k, od::field& f) -> error_code {
      if (k == "name") return json::get_optional_string(f.value(), name, spill);
      if (k == "value") return json::get_optional_string(f.value(), value, spill);
      return SUCCESS;
    }));
    if (a.location.empty() && !value.empty() && is_location_field_name(name)) a.location = value;
    return SUCCESS;
  });
}

error_code read_account(od::value v, Account& a, json::StringSpill& spill) {
  return json::for_each_field(v, [&](std::string_view k, od::field& f) -> error_code {
    od::value fv = f.value();
    if (k == "acct") return json::get_optional_string(fv, a.acct, spill);
    if (k == "username") return json::get_optional_string(fv, a.username, spill);
    if (k == "display_name") return json::get_optional_string(fv, a.display_name, spill);
    if (k == "fields") return read_fields(fv, a, spill);
    return SUCCESS;
  });
}

// The fields both a status and the status it reblogs have. `account` is null for the reblog
// (the record's author is the one who reblogged, as for X's retweets).
error_code read_status(od::object obj, StatusFields& s, Account* account, StatusFields* reblog,
                       bool& is_reblog, json::StringSpill& spill) {
  return json::for_each_field(obj, [&](std::string_view k, od::field& f) -> error_code {
    od::value fv = f.value();
    switch (k.empty() ? '\0' : k[0]) {
      case 'a':
        if (account && k == "account") return read_account(fv, *account, spill);
        break;
      case 'c':
        if (k == "content") return json::get_optional_string(fv, s.content, spill);
        if (k == "created_at") return json::get_optional_string(fv, s.created_at, spill);
        break;
      case 'l':
        if (k == "language") return json::get_optional_string(fv, s.language, spill);
        break;
      case 'r':
        if (reblog && k == "reblog") {
          if (json::is_null(fv)) return SUCCESS;
          od::object ro;
          SIMDJSON_TRY(fv.get_object().get(ro));
          is_reblog = true;
          bool nested = false;
          return read_status(ro, *reblog, nullptr, nullptr, nested, spill);
        }
        break;
      case 't':
        if (k == "tags") return read_tags(fv, s, spill);
        break;
      case 'u':
        if (k == "uri") return json::get_optional_string(fv, s.uri, spill);
        break;
      default:
        break;
    }
    return SUCCESS;
  });
}

}  // namespace

bool is_mastodon_status_key(const char* k) {
  using json::key_is;
  switch (k[0]) {
    case 'a':
      return key_is(k, "account");
    case 's':
      return key_is(k, "spoiler_text");
    case 'u':
      return key_is(k, "uri");
    case 'v':
      return key_is(k, "visibility");
    default:
      return false;
  }
}

error_code parse_mastodon_status(od::parser& parser, const char* data, size_t len, size_t capacity,
                                 const std::string& src, ParsedLine& res, std::vector<Record>& out,
                                 size_t& used, std::string& why, LineState& sc) {
  json::StringSpill& spill = sc.spill;
  od::document doc;
  SIMDJSON_TRY(parser.iterate(data, len, capacity).get(doc));
  od::object obj;
  SIMDJSON_TRY(doc.get_object().get(obj));
  StatusFields s, rb;
  s.tags = &sc.tags;
  rb.tags = &sc.ext_tags;
  Account account;
  bool is_reblog = false;
  SIMDJSON_TRY(read_status(obj, s, &account, &rb, is_reblog, spill));
  if (!doc.current_location().error()) return simdjson::TRAILING_CONTENT;

  if (s.uri.empty()) {
    why = "Mastodon status without uri";
    return SUCCESS;
  }
  std::optional<int64_t> ts = parse_iso8601_time(s.created_at);
  if (!ts) {
    why = s.created_at.empty()
              ? std::string("Mastodon status without created_at")
              : "unreadable created_at \"" + std::string(s.created_at.substr(0, 40)) + "\"";
    return SUCCESS;
  }
  // A reblog's own content is empty: the text, tags and language are the reblogged status'.
  const StatusFields& body = is_reblog ? rb : s;
  Record& r = next_slot(out, used);
  r.id.assign(s.uri);
  r.ts = *ts;
  r.user.assign(account.acct.empty() ? account.username : account.acct);
  r.name.assign(account.display_name);
  append_html_text(body.content, r.text);
  r.lang.assign(body.language.empty() ? s.language : body.language);
  for (auto t : *body.tags) add_hashtag(t, r.tags);
  if (!body.has_tags) extract_hashtags(r.text, r.tags);
  r.rt = is_reblog;
  r.src = src;
  if (!account.location.empty()) append_html_text(account.location, r.author_location);
  res.kind = LineKind::kPosts;
  return SUCCESS;
}

}  // namespace tweetmap::post_detail
