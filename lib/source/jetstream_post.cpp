#include "source/jetstream_post.hpp"

#include <optional>
#include <string_view>

#include "core/hashtags.hpp"
#include "core/timestamp.hpp"
#include "source/post_record.hpp"

namespace tweetmap::post_detail {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

namespace {

// What one Jetstream event yielded; views live until the next document (or the spill's clear()).
struct Event {
  std::string_view did, kind, operation, collection, rkey;
  int64_t time_us = 0;
  bool has_record = false;
  std::string_view text, created_at, lang;
  std::vector<std::string_view>* tags = nullptr;         // facet tags, in order
  std::vector<std::string_view>* record_tags = nullptr;  // record.tags, in order
};

error_code read_number_us(od::value v, int64_t& out) {
  od::json_type t;
  SIMDJSON_TRY(v.type().get(t));
  if (t == od::json_type::null) return SUCCESS;
  return v.get_int64().get(out);
}

// record.facets[].features[]: the tag of each app.bsky.richtext.facet#tag feature.
error_code read_facets(od::value v, Event& e, json::StringSpill& spill) {
  return json::for_each_item(v, [&](od::value facet) -> error_code {
    return json::for_each_field(facet, [&](std::string_view k, od::field& f) -> error_code {
      if (k != "features") return SUCCESS;
      return json::for_each_item(f.value(), [&](od::value feature) -> error_code {
        std::string_view type, tag;
        SIMDJSON_TRY(
            json::for_each_field(feature, [&](std::string_view fk, od::field& ff) -> error_code {
              if (fk == "$type") return json::get_optional_string(ff.value(), type, spill);
              if (fk == "tag") return json::get_optional_string(ff.value(), tag, spill);
              return SUCCESS;
            }));
        if (type == "app.bsky.richtext.facet#tag" && !tag.empty()) e.tags->push_back(tag);
        return SUCCESS;
      });
    });
  });
}

error_code read_string_array(od::value v, std::vector<std::string_view>& out,
                             json::StringSpill& spill) {
  return json::for_each_item(v, [&](od::value item) -> error_code {
    std::string_view s;
    SIMDJSON_TRY(json::get_optional_string(item, s, spill));
    if (!s.empty()) out.push_back(s);
    return SUCCESS;
  });
}

error_code read_post_record(od::value v, Event& e, json::StringSpill& spill) {
  e.has_record = !json::is_null(v);
  return json::for_each_field(v, [&](std::string_view k, od::field& f) -> error_code {
    od::value fv = f.value();
    if (k == "text") return json::get_optional_string(fv, e.text, spill);
    if (k == "createdAt") return json::get_optional_string(fv, e.created_at, spill);
    if (k == "langs") {
      return json::for_each_item(fv, [&](od::value item) -> error_code {
        std::string_view s;
        SIMDJSON_TRY(json::get_optional_string(item, s, spill));
        if (e.lang.empty()) e.lang = s;
        return SUCCESS;
      });
    }
    if (k == "facets") return read_facets(fv, e, spill);
    if (k == "tags") return read_string_array(fv, *e.record_tags, spill);
    return SUCCESS;
  });
}

error_code read_commit(od::value v, Event& e, json::StringSpill& spill) {
  return json::for_each_field(v, [&](std::string_view k, od::field& f) -> error_code {
    od::value fv = f.value();
    if (k == "operation") return json::get_optional_string(fv, e.operation, spill);
    if (k == "collection") return json::get_optional_string(fv, e.collection, spill);
    if (k == "rkey") return json::get_optional_string(fv, e.rkey, spill);
    // The record is read only for posts; Jetstream writes collection before record, and a
    // record of another collection read as a post does no harm (its fields are ignored).
    if (k == "record") return read_post_record(fv, e, spill);
    return SUCCESS;
  });
}

}  // namespace

int64_t jetstream_post_time(std::optional<int64_t> created_ms, int64_t time_us) {
  if (time_us <= 0) return created_ms ? *created_ms : -1;
  int64_t relay_ms = time_us / 1000;
  if (created_ms && *created_ms >= relay_ms - kCreatedAtMaxPastMs &&
      *created_ms <= relay_ms + kCreatedAtMaxFutureMs) {
    return *created_ms;
  }
  return relay_ms;
}

error_code parse_jetstream_event(od::parser& parser, const char* data, size_t len, size_t capacity,
                                 const std::string& src, ParsedLine& res, std::vector<Record>& out,
                                 size_t& used, std::string& why, LineState& sc) {
  json::StringSpill& spill = sc.spill;
  od::document doc;
  SIMDJSON_TRY(parser.iterate(data, len, capacity).get(doc));
  od::object obj;
  SIMDJSON_TRY(doc.get_object().get(obj));
  Event e;
  e.tags = &sc.tags;
  e.record_tags = &sc.ext_tags;
  SIMDJSON_TRY(json::for_each_field(obj, [&](std::string_view k, od::field& f) -> error_code {
    od::value v = f.value();
    if (k == "did") return json::get_optional_string(v, e.did, spill);
    if (k == "time_us") return read_number_us(v, e.time_us);
    if (k == "kind") return json::get_optional_string(v, e.kind, spill);
    if (k == "commit") return read_commit(v, e, spill);
    return SUCCESS;  // identity, account and anything newer
  }));
  if (!doc.current_location().error()) return simdjson::TRAILING_CONTENT;

  if (e.kind.empty()) {
    why = "Jetstream event without kind";
    return SUCCESS;
  }
  auto control = [&](std::string_view what) {
    res.kind = LineKind::kControl;
    res.control.assign(what);
  };
  if (e.kind != "commit") {
    control(e.kind);  // identity, account
    return SUCCESS;
  }
  if (e.collection != kBlueskyPostCollection) {
    control("commit");  // likes, follows, reposts, profiles, ...
    return SUCCESS;
  }
  if (e.operation != "create") {
    control(e.operation == "delete" ? "delete" : "update");
    return SUCCESS;
  }
  if (e.did.empty() || e.rkey.empty()) {
    why = "no post id";
    return SUCCESS;
  }
  if (!e.has_record) {
    why = "post commit without record";
    return SUCCESS;
  }
  std::optional<int64_t> created;
  if (!e.created_at.empty()) created = parse_iso8601_time(e.created_at);
  int64_t ts = jetstream_post_time(created, e.time_us);
  if (ts < 0) {
    why = e.created_at.empty()
              ? std::string("no createdAt and no time_us")
              : "unreadable createdAt \"" + std::string(e.created_at.substr(0, 40)) + "\"";
    return SUCCESS;
  }
  Record& r = next_slot(out, used);
  r.id.assign("at://");
  r.id.append(e.did);
  r.id.append("/app.bsky.feed.post/");
  r.id.append(e.rkey);
  r.ts = ts;
  r.user.assign(e.did);
  r.text.assign(e.text);
  r.lang.assign(e.lang);
  // The record's own tags come after the facet tags, whatever the key order.
  for (auto t : sc.tags) add_hashtag(t, r.tags);
  for (auto t : sc.ext_tags) add_hashtag(t, r.tags);
  r.src = src;
  res.kind = LineKind::kPosts;
  return SUCCESS;
}

}  // namespace tweetmap::post_detail
