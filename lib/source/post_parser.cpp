#include "source/post_parser.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "core/geo.hpp"
#include "core/hashtags.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"
#include "geocode/geocoder.hpp"
#include "source/jetstream_post.hpp"
#include "source/json_fields.hpp"
#include "source/mastodon_status.hpp"
#include "source/post_fields.hpp"
#include "source/post_record.hpp"

namespace tweetmap {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;
using namespace post_detail;  // the parser's own field readers

namespace {

// Top-level keys of v1.1 stream messages that are not posts.
constexpr std::array<std::string_view, 14> kV1ControlKeys = {
    "delete",        "limit",      "scrub_geo",      "warning",     "status_withheld",
    "user_withheld", "disconnect", "friends",        "friends_str", "event",
    "for_user",      "control",    "direct_message", "user_update"};

bool is_v1_control_key(std::string_view k) {
  return std::find(kV1ControlKeys.begin(), kV1ControlKeys.end(), k) != kV1ControlKeys.end();
}

// The top-level keys the parser reads (v1.1 posts, v2 stream lines and pages).
enum class TopKey {
  kOther,
  kIdStr,
  kId,
  kText,
  kFullText,
  kCreatedAt,
  kTimestampMs,
  kLang,
  kUser,
  kCoordinates,
  kGeo,
  kPlace,
  kEntities,
  kExtendedTweet,
  kRetweetedStatus,
  kData,
  kIncludes,
  kErrors,
  kMatchingRules,
  kJetstream,  // did, time_us, kind, commit: a Bluesky Jetstream event
  kMastodon,   // account, spoiler_text, uri, visibility: a Mastodon status
};

// Classifies a raw key by its first byte, then one or two exact comparisons: a post has some
// thirty top-level keys, most of which the parser skips.
TopKey classify_top_key(const char* k) {
  using json::key_is;
  switch (k[0]) {
    case 'c':
      if (key_is(k, "created_at")) return TopKey::kCreatedAt;
      if (key_is(k, "coordinates")) return TopKey::kCoordinates;
      if (key_is(k, "commit")) return TopKey::kJetstream;
      break;
    case 'd':
      if (key_is(k, "data")) return TopKey::kData;
      if (key_is(k, "did")) return TopKey::kJetstream;
      break;
    case 'e':
      if (key_is(k, "entities")) return TopKey::kEntities;
      if (key_is(k, "extended_tweet")) return TopKey::kExtendedTweet;
      if (key_is(k, "errors")) return TopKey::kErrors;
      break;
    case 'f':
      if (key_is(k, "full_text")) return TopKey::kFullText;
      break;
    case 'g':
      if (key_is(k, "geo")) return TopKey::kGeo;
      break;
    case 'i':
      if (key_is(k, "id_str")) return TopKey::kIdStr;
      if (key_is(k, "id")) return TopKey::kId;
      if (key_is(k, "includes")) return TopKey::kIncludes;
      break;
    case 'k':
      if (key_is(k, "kind")) return TopKey::kJetstream;
      break;
    case 'l':
      if (key_is(k, "lang")) return TopKey::kLang;
      break;
    case 'm':
      if (key_is(k, "matching_rules")) return TopKey::kMatchingRules;
      break;
    case 'p':
      if (key_is(k, "place")) return TopKey::kPlace;
      break;
    case 'r':
      if (key_is(k, "retweeted_status")) return TopKey::kRetweetedStatus;
      break;
    case 't':
      if (key_is(k, "text")) return TopKey::kText;
      if (key_is(k, "timestamp_ms")) return TopKey::kTimestampMs;
      if (key_is(k, "time_us")) return TopKey::kJetstream;
      break;
    case 'u':
      if (key_is(k, "user")) return TopKey::kUser;
      if (key_is(k, "uri")) return TopKey::kMastodon;
      break;
    case 'a':
    case 's':
    case 'v':
      if (is_mastodon_status_key(k)) return TopKey::kMastodon;
      break;
    default:
      break;
  }
  return TopKey::kOther;
}

bool is_string(od::value& v) {
  od::json_type t;
  return v.type().get(t) == SUCCESS && t == od::json_type::string;
}

}  // namespace

struct PostParser::Scratch : LineState {};

PostParser::PostParser(std::string src, AuthorProfile profile)
    : src_(std::move(src)), profile_(profile), scratch_(new Scratch) {
  // Only the live stream's matching_rules are this run's rules (docs/RECORD.md).
  scratch_->want_rules = src_ == "x";
}
PostParser::~PostParser() = default;
PostParser::PostParser(PostParser&&) noexcept = default;
PostParser& PostParser::operator=(PostParser&&) noexcept = default;

namespace {

error_code read_v2_includes(od::value v, LineState& sc) {
  return json::for_each_field(v, [&](std::string_view k, od::field& f) -> error_code {
    bool places = k == "places";
    if (!places && k != "users") return SUCCESS;
    return json::for_each_item(f.value(), [&](od::value item) -> error_code {
      od::object o;
      SIMDJSON_TRY(item.get_object().get(o));
      LineState::Place place;
      LineState::User user;
      SIMDJSON_TRY(json::for_each_field(o, [&](std::string_view xk, od::field& x) -> error_code {
        od::value xv = x.value();
        if (xk == "id") return json::get_optional_string(xv, places ? place.id : user.id, sc.spill);
        if (places && xk == "full_name")
          return json::get_optional_string(xv, place.full_name, sc.spill);
        if (places && xk == "country_code")
          return json::get_optional_string(xv, place.cc, sc.spill);
        if (places && xk == "geo") {
          return json::for_each_field(xv, [&](std::string_view gk, od::field& gf) -> error_code {
            if (gk != "bbox") return SUCCESS;
            BBox b{};
            bool found = false;
            SIMDJSON_TRY(json::get_bbox_array(gf.value(), b, found));
            if (found) place.bbox = b;
            return SUCCESS;
          });
        }
        if (!places && xk == "username")
          return json::get_optional_string(xv, user.username, sc.spill);
        if (!places && xk == "name") return json::get_optional_string(xv, user.name, sc.spill);
        if (!places && xk == "location")
          return json::get_optional_string(xv, user.location, sc.spill);
        return SUCCESS;
      }));
      if (places) {
        sc.places.push_back(place);
      } else {
        sc.users.push_back(user);
      }
      return SUCCESS;
    });
  });
}

error_code read_v2_one(od::value v, LineState& sc) {
  if (sc.v2_count == sc.v2_posts.size()) {
    sc.v2_posts.emplace_back();
    sc.v2_tags.emplace_back();
    sc.v2_ext_tags.emplace_back();
  }
  size_t i = sc.v2_count++;
  sc.v2_posts[i].reset();
  sc.v2_tags[i].clear();
  sc.v2_ext_tags[i].clear();
  return read_v2_tweet(v, sc.v2_posts[i], sc.v2_tags[i], sc.v2_ext_tags[i], sc.spill);
}

// "data": one tweet object (stream) or an array of them (response page).
error_code read_v2_data(od::value v, LineState& sc) {
  od::json_type t;
  SIMDJSON_TRY(v.type().get(t));
  if (t == od::json_type::null) return SUCCESS;
  if (t == od::json_type::object) return read_v2_one(v, sc);
  od::array arr;
  SIMDJSON_TRY(v.get_array().get(arr));
  for (auto item : arr) {
    od::value iv;
    SIMDJSON_TRY(
        std::move(item).get(iv));  // NOLINT(performance-move-const-arg): get() is &&-qualified
    SIMDJSON_TRY(read_v2_one(iv, sc));
  }
  return SUCCESS;
}

// Joins the v2 posts of a line with its includes and appends the records.
void finish_v2(LineState& sc, const std::string& src, bool has_errors, ParsedLine& res,
               std::vector<Record>& out, size_t& used, std::string& why) {
  size_t made = 0, bad = 0;
  std::string first_why;
  for (size_t i = 0; i < sc.v2_count; ++i) {
    PostFields& q = sc.v2_posts[i];
    if (!q.author_id.empty()) {
      for (const auto& u : sc.users) {
        if (u.id == q.author_id) {
          q.user = u.username;
          q.name = u.name;
          q.location = u.location;
          break;
        }
      }
    }
    if (!q.place_id.empty()) {
      for (const auto& pl : sc.places) {
        if (pl.id == q.place_id) {
          q.place_name = pl.full_name;
          q.place_cc = pl.cc;
          q.bbox = pl.bbox;
          break;
        }
      }
    }
    Record& r = next_slot(out, used);
    std::string reason;
    if (build_record(q, sc.v2_tags[i], sc.v2_ext_tags[i], src, r, reason)) {
      r.rules.assign(sc.rules.begin(), sc.rules.end());
      ++made;
    } else {
      --used;
      if (first_why.empty()) first_why = std::move(reason);
      ++bad;
    }
  }
  if (made > 0) {
    res.kind = LineKind::kPosts;
    if (bad > 0) {
      if (!res.message.empty()) res.message += "; ";
      res.message += std::to_string(bad) + " post(s) skipped: " + first_why;
    }
    return;
  }
  if (bad > 0) {
    why = first_why;
    return;
  }
  // No post at all: an empty page, or errors only.
  res.kind = LineKind::kControl;
  res.control = has_errors ? "errors" : "empty";
}

}  // namespace

error_code PostParser::parse_document(const char* data, size_t len, size_t capacity,
                                      ParsedLine& res, std::vector<Record>& out, size_t& used,
                                      std::string& why) {
  Scratch& sc = *scratch_;
  od::document doc;
  SIMDJSON_TRY(parser_.iterate(data, len, capacity).get(doc));
  od::object obj;
  SIMDJSON_TRY(doc.get_object().get(obj));
  PostFields& p = sc.post;
  std::string_view control;
  bool has_data = false, has_errors = false, has_user = false;
  ParsedLine control_info;
  bool first = true;
  for (auto fr : obj) {
    SIMDJSON_TRY(fr.error());
    od::field& f = fr.value_unsafe();
    const char* raw_key = f.key().raw();
    od::value& v = f.value();
    TopKey key = classify_top_key(raw_key);
    if (first && key == TopKey::kJetstream) {
      // A Jetstream event starts with one of its own keys (Jetstream writes did first); read the
      // line again as one. Posts of X never carry these keys.
      return parse_jetstream_event(parser_, data, len, capacity, src_, res, out, used, why, sc);
    }
    if (key == TopKey::kMastodon || (first && key == TopKey::kId && is_string(v))) {
      // A Mastodon status: X posts have none of its keys, and X's "id" is a number. Read the line
      // again as one.
      sc.reset();
      return parse_mastodon_status(parser_, data, len, capacity, src_, res, out, used, why, sc);
    }
    first = false;
    switch (key) {
      case TopKey::kJetstream:  // after X keys: not a Jetstream event, an unknown field
      case TopKey::kMastodon:   // handled above
        break;
      case TopKey::kIdStr:
        SIMDJSON_TRY(json::get_optional_string(v, p.id, sc.spill));
        break;
      case TopKey::kId:
        SIMDJSON_TRY(read_numeric_id(v, sc.numeric_id));
        break;
      case TopKey::kText:
        SIMDJSON_TRY(json::get_optional_string(v, p.text, sc.spill));
        break;
      case TopKey::kFullText:
        SIMDJSON_TRY(json::get_optional_string(v, p.full_text, sc.spill));
        break;
      case TopKey::kCreatedAt:
        SIMDJSON_TRY(json::get_optional_string(v, p.created_at, sc.spill));
        break;
      case TopKey::kTimestampMs:
        SIMDJSON_TRY(read_timestamp_ms(v, p.ts_ms));
        break;
      case TopKey::kLang:
        SIMDJSON_TRY(json::get_optional_string(v, p.lang, sc.spill));
        break;
      case TopKey::kUser:
        SIMDJSON_TRY(read_v1_user(v, p, sc.spill,
                                  profile_ == AuthorProfile::kAlways ? kUserAll : kUserNames));
        has_user = true;
        break;
      case TopKey::kCoordinates: {
        double lon = 0, lat = 0;
        bool found = false;
        SIMDJSON_TRY(json::get_point(v, lon, lat, found));
        if (found) p.point = LatLon{lat, lon};
        break;
      }
      case TopKey::kGeo: {
        double lat = 0, lon = 0;
        bool found = false;
        SIMDJSON_TRY(json::get_point(v, lat, lon, found));
        if (found) p.geo_field = LatLon{lat, lon};
        break;
      }
      case TopKey::kPlace:
        SIMDJSON_TRY(read_v1_place(v, p, sc.spill));
        break;
      case TopKey::kEntities:
        p.has_entities = true;
        SIMDJSON_TRY(read_entities(v, "text", sc.tags, sc.spill));
        break;
      case TopKey::kExtendedTweet:
        SIMDJSON_TRY(read_long_text(v, "full_text", "text", p, sc.ext_tags, sc.spill));
        break;
      case TopKey::kRetweetedStatus:
        if (!json::is_null(v)) p.rt = true;
        break;
      case TopKey::kData:
        has_data = true;
        SIMDJSON_TRY(read_v2_data(v, sc));
        break;
      case TopKey::kIncludes:
        SIMDJSON_TRY(read_v2_includes(v, sc));
        break;
      case TopKey::kMatchingRules:
        if (sc.want_rules) SIMDJSON_TRY(read_matching_rules(v, sc.rules, sc.spill));
        break;
      case TopKey::kErrors:
        has_errors = true;
        SIMDJSON_TRY(read_v2_errors(v, res, sc.spill));
        break;
      case TopKey::kOther:
        // Control messages carry no post id; checking only before an id keeps posts fast.
        if (control.empty() && p.id.empty() && sc.numeric_id.empty()) {
          std::string_view k = json::key_of(f);
          if (is_v1_control_key(k)) {
            control = k;
            SIMDJSON_TRY(read_v1_control(k, v, control_info, sc.spill));
          }
        }
        break;
    }
  }
  // Anything after the object (a second object, garbage) makes the line malformed.
  if (!doc.current_location().error()) return simdjson::TRAILING_CONTENT;

  if (has_data) {
    finish_v2(sc, src_, has_errors, res, out, used, why);
    return SUCCESS;
  }
  if (has_errors) {
    res.kind = LineKind::kControl;
    res.control = "errors";
    return SUCCESS;
  }
  if (p.id.empty()) p.id = sc.numeric_id;
  if (p.id.empty() && !control.empty()) {
    res.kind = LineKind::kControl;
    res.control.assign(control);
    res.message = std::move(control_info.message);
    return SUCCESS;
  }
  Record& r = next_slot(out, used);
  if (!build_record(p, sc.tags, sc.ext_tags, src_, r, why)) {
    --used;
    return SUCCESS;
  }
  if (has_user && profile_ == AuthorProfile::kWhenUnplaced && geocode::unplaced(r))
    SIMDJSON_TRY(read_profile_again(doc, r));
  res.kind = LineKind::kPosts;
  return SUCCESS;
}

// Walks the document a second time (simdjson's index of it is kept) to the "user" member. The
// views of the first walk may be overwritten (rewind reuses simdjson's string buffer): only
// after build_record, which copied them.
error_code PostParser::read_profile_again(od::document& doc, Record& r) {
  doc.rewind();
  od::object obj;
  SIMDJSON_TRY(doc.get_object().get(obj));
  return json::with_first_field(obj, "user", [&](od::value user) -> error_code {
    PostFields q;
    SIMDJSON_TRY(read_v1_user(user, q, scratch_->spill, kUserProfile));
    r.author_location.assign(q.location);
    r.author_time_zone.assign(q.time_zone);
    r.author_utc_offset_s = q.utc_offset_s;
    return SUCCESS;
  });
}

ParsedLine PostParser::parse(std::string_view line, bool padded, std::vector<Record>& out) {
  size_t used = out.size();
  ParsedLine res = parse(line, padded, out, used);
  out.resize(used);
  return res;
}

ParsedLine PostParser::parse(std::string_view line, bool padded, std::vector<Record>& out,
                             size_t& used) {
  ParsedLine res;
  size_t first = 0;
  while (first < line.size() && is_space(line[first])) ++first;
  if (first == line.size()) {
    res.kind = LineKind::kBlank;
    return res;
  }
  auto malformed = [&](std::string why) {
    res = ParsedLine{};
    res.kind = LineKind::kMalformed;
    res.message = std::move(why);
    return res;
  };
  if (line[first] != '{') {
    if (!simdjson::validate_utf8(line.data(), line.size())) return malformed("invalid UTF-8");
    return malformed(line[first] == '[' ? "a JSON array, not an object" : "not a JSON object");
  }
  const char* data = line.data();
  size_t capacity = line.size() + simdjson::SIMDJSON_PADDING;
  if (!padded) {
    buffer_.assign(line);
    buffer_.append(simdjson::SIMDJSON_PADDING, ' ');
    data = buffer_.data();
  }
  Scratch& sc = *scratch_;
  sc.reset();
  const size_t used_before = used;
  std::string why;
  error_code err = parse_document(data, line.size(), capacity, res, out, used, why);
  if (err != SUCCESS) {
    used = used_before;
    return malformed(json::describe_error(err, line));
  }
  if (!why.empty()) {
    used = used_before;
    return malformed(why);
  }
  return res;
}

}  // namespace tweetmap
