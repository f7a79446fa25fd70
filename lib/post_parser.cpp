#include "post_parser.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "geo.hpp"
#include "hashtags.hpp"
#include "json_fields.hpp"
#include "text.hpp"
#include "timestamp.hpp"

namespace tweetmap {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

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
};

// Classifies a raw key by its first byte, then one or two exact comparisons: a post has some
// thirty top-level keys, most of which the parser skips.
TopKey classify_top_key(const char* k) {
  using json::key_is;
  switch (k[0]) {
    case 'c':
      if (key_is(k, "created_at")) return TopKey::kCreatedAt;
      if (key_is(k, "coordinates")) return TopKey::kCoordinates;
      break;
    case 'd':
      if (key_is(k, "data")) return TopKey::kData;
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
    case 'l':
      if (key_is(k, "lang")) return TopKey::kLang;
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
      break;
    case 'u':
      if (key_is(k, "user")) return TopKey::kUser;
      break;
    default:
      break;
  }
  return TopKey::kOther;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void set_text(std::string_view raw, std::string& out) {
  out.clear();
  if (raw.find('&') == std::string_view::npos) {
    out.assign(raw);
  } else {
    append_html_unescaped(raw, out);
  }
}

// What one post object yielded before joins and geo resolution; views point into simdjson's
// string buffer (or the spill) and live until the next line.
struct PostFields {
  std::string_view id, text, full_text, created_at, timestamp_ms, lang;
  std::string_view user, name;            // v1.1 user object
  std::string_view author_id, place_id;   // v2 joins
  std::string_view place_name, place_cc;  // v1.1 place
  std::optional<LatLon> point;            // exact position, already [lat, lon]
  std::optional<LatLon> geo_field;        // v1.1 deprecated "geo" ([lat, lon])
  std::optional<BBox> bbox;
  bool rt = false;
  bool has_entities = false, has_ext_entities = false;
  int64_t ts_ms = -1;
  void reset() { *this = PostFields{}; }
};

// Everything one line needs while it is parsed.
struct LineState {
  json::StringSpill spill;
  std::vector<std::string_view> tags, ext_tags;  // raw hashtag texts
  // v2 state for one line.
  struct Place {
    std::string_view id, full_name, cc;
    std::optional<BBox> bbox;
  };
  struct User {
    std::string_view id, username, name;
  };
  std::vector<Place> places;
  std::vector<User> users;
  // v2 posts of this line (a page has many); vectors keep their capacity between lines.
  std::vector<PostFields> v2_posts;
  std::vector<std::vector<std::string_view>> v2_tags, v2_ext_tags;
  size_t v2_count = 0;
  PostFields post;
  std::string_view numeric_id;

  void reset() {
    spill.clear();
    tags.clear();
    ext_tags.clear();
    places.clear();
    users.clear();
    v2_count = 0;
    post.reset();
    numeric_id = {};
  }
};

}  // namespace

struct PostParser::Scratch : LineState {};

namespace {

// entities.hashtags[].<key> into `out`.
error_code read_entities(od::value v, std::string_view tag_key, std::vector<std::string_view>& out,
                         json::StringSpill& spill) {
  if (json::is_null(v)) return SUCCESS;
  od::object obj;
  SIMDJSON_TRY(v.get_object().get(obj));
  for (auto fr : obj) {
    od::field f;
    SIMDJSON_TRY(std::move(fr).get(f));
    if (json::key_of(f) != "hashtags") continue;
    od::value hv = f.value();
    if (json::is_null(hv)) continue;
    od::array arr;
    SIMDJSON_TRY(hv.get_array().get(arr));
    for (auto item : arr) {
      od::object tag;
      SIMDJSON_TRY(item.get_object().get(tag));
      for (auto tfr : tag) {
        od::field tf;
        SIMDJSON_TRY(std::move(tfr).get(tf));
        if (json::key_of(tf) != tag_key) continue;
        std::string_view s;
        SIMDJSON_TRY(json::get_string(tf.value(), s, spill));
        out.push_back(s);
      }
    }
  }
  return SUCCESS;
}

error_code read_timestamp_ms(od::value v, int64_t& out) {
  od::json_type t;
  SIMDJSON_TRY(v.type().get(t));
  if (t == od::json_type::number) return v.get_int64().get(out);
  if (t != od::json_type::string) return SUCCESS;
  std::string_view s;
  SIMDJSON_TRY(v.get_string().get(s));
  if (!all_digits(s) || s.size() > 18) return SUCCESS;
  int64_t n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  out = n;
  return SUCCESS;
}

// A numeric "id" (v1.1 without id_str): the digits exactly as written, never through a double.
error_code read_numeric_id(od::value v, std::string_view& out) {
  od::json_type t;
  SIMDJSON_TRY(v.type().get(t));
  if (t == od::json_type::number) {
    std::string_view raw = v.raw_json_token();
    size_t n = 0;
    while (n < raw.size() && raw[n] >= '0' && raw[n] <= '9') ++n;
    // Only a plain non-negative integer is an id (1.5, -3 or 1e9 are not).
    for (size_t i = n; i < raw.size(); ++i)
      if (!is_space(raw[i])) return SUCCESS;
    out = raw.substr(0, n);
    return SUCCESS;
  }
  return SUCCESS;
}

error_code read_v1_user(od::value v, PostFields& p, json::StringSpill& spill) {
  if (json::is_null(v)) return SUCCESS;
  int have = 0;
  od::object obj;
  SIMDJSON_TRY(v.get_object().get(obj));
  for (auto fr : obj) {
    od::field f;
    SIMDJSON_TRY(std::move(fr).get(f));
    std::string_view k = json::key_of(f);
    if (k == "screen_name") {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.user, spill));
      have |= 1;
    } else if (k == "name") {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.name, spill));
      have |= 2;
    }
    // The rest of a user object (dozens of profile fields) is skipped without decoding keys.
    if (have == 3) break;
  }
  return SUCCESS;
}

error_code read_v1_place(od::value v, PostFields& p, json::StringSpill& spill) {
  if (json::is_null(v)) return SUCCESS;
  od::object obj;
  SIMDJSON_TRY(v.get_object().get(obj));
  for (auto fr : obj) {
    od::field f;
    SIMDJSON_TRY(std::move(fr).get(f));
    std::string_view k = json::key_of(f);
    if (k == "full_name") {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.place_name, spill));
    } else if (k == "country_code") {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.place_cc, spill));
    } else if (k == "bounding_box") {
      BBox b{};
      bool found = false;
      SIMDJSON_TRY(json::get_polygon_box(f.value(), b, found));
      if (found) p.bbox = b;
    }
  }
  return SUCCESS;
}

error_code read_v1_extended(od::value v, PostFields& p, std::vector<std::string_view>& ext_tags,
                            json::StringSpill& spill) {
  if (json::is_null(v)) return SUCCESS;
  od::object obj;
  SIMDJSON_TRY(v.get_object().get(obj));
  for (auto fr : obj) {
    od::field f;
    SIMDJSON_TRY(std::move(fr).get(f));
    std::string_view k = json::key_of(f);
    if (k == "full_text") {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.full_text, spill));
    } else if (k == "entities") {
      p.has_ext_entities = true;
      SIMDJSON_TRY(read_entities(f.value(), "text", ext_tags, spill));
    }
  }
  return SUCCESS;
}

// v2 "geo": {"place_id": "...", "coordinates": {"type":"Point","coordinates":[lon,lat]}}.
error_code read_v2_geo(od::value v, PostFields& p, json::StringSpill& spill) {
  if (json::is_null(v)) return SUCCESS;
  od::object obj;
  SIMDJSON_TRY(v.get_object().get(obj));
  for (auto fr : obj) {
    od::field f;
    SIMDJSON_TRY(std::move(fr).get(f));
    std::string_view k = json::key_of(f);
    if (k == "place_id") {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.place_id, spill));
    } else if (k == "coordinates") {
      double lon = 0, lat = 0;
      bool found = false;
      SIMDJSON_TRY(json::get_point(f.value(), lon, lat, found));
      if (found) p.point = LatLon{lat, lon};
    }
  }
  return SUCCESS;
}

error_code read_v2_referenced(od::value v, PostFields& p) {
  if (json::is_null(v)) return SUCCESS;
  od::array arr;
  SIMDJSON_TRY(v.get_array().get(arr));
  for (auto item : arr) {
    od::object obj;
    SIMDJSON_TRY(item.get_object().get(obj));
    for (auto fr : obj) {
      od::field f;
      SIMDJSON_TRY(std::move(fr).get(f));
      if (json::key_of(f) != "type") continue;
      std::string_view t;
      SIMDJSON_TRY(f.value().get_string().get(t));
      if (t == "retweeted") p.rt = true;
    }
  }
  return SUCCESS;
}

// v2 "note_tweet" (long posts): {"text": ..., "entities": {...}}.
error_code read_v2_note(od::value v, PostFields& p, std::vector<std::string_view>& ext_tags,
                        json::StringSpill& spill) {
  if (json::is_null(v)) return SUCCESS;
  od::object obj;
  SIMDJSON_TRY(v.get_object().get(obj));
  for (auto fr : obj) {
    od::field f;
    SIMDJSON_TRY(std::move(fr).get(f));
    std::string_view k = json::key_of(f);
    if (k == "text") {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.full_text, spill));
    } else if (k == "entities") {
      p.has_ext_entities = true;
      SIMDJSON_TRY(read_entities(f.value(), "tag", ext_tags, spill));
    }
  }
  return SUCCESS;
}

// One v2 tweet object (an element of "data").
error_code read_v2_tweet(od::value v, PostFields& p, std::vector<std::string_view>& tags,
                         std::vector<std::string_view>& ext_tags, json::StringSpill& spill) {
  od::object obj;
  SIMDJSON_TRY(v.get_object().get(obj));
  for (auto fr : obj) {
    od::field f;
    SIMDJSON_TRY(std::move(fr).get(f));
    std::string_view k = json::key_of(f);
    if (k == "id") {
      od::value iv = f.value();
      od::json_type t;
      SIMDJSON_TRY(iv.type().get(t));
      if (t == od::json_type::number) {
        SIMDJSON_TRY(read_numeric_id(iv, p.id));
      } else {
        SIMDJSON_TRY(json::get_optional_string(iv, p.id, spill));
      }
    } else if (k == "text") {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.text, spill));
    } else if (k == "created_at") {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.created_at, spill));
    } else if (k == "author_id") {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.author_id, spill));
    } else if (k == "lang") {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.lang, spill));
    } else if (k == "geo") {
      SIMDJSON_TRY(read_v2_geo(f.value(), p, spill));
    } else if (k == "entities") {
      p.has_entities = true;
      SIMDJSON_TRY(read_entities(f.value(), "tag", tags, spill));
    } else if (k == "note_tweet") {
      SIMDJSON_TRY(read_v2_note(f.value(), p, ext_tags, spill));
    } else if (k == "referenced_tweets") {
      SIMDJSON_TRY(read_v2_referenced(f.value(), p));
    }
  }
  return SUCCESS;
}

// Summarizes a v2 "errors" array: "title: detail (+N more)"; flags operational disconnects.
error_code read_v2_errors(od::value v, ParsedLine& res, json::StringSpill& spill) {
  if (json::is_null(v)) return SUCCESS;
  od::array arr;
  SIMDJSON_TRY(v.get_array().get(arr));
  size_t count = 0;
  std::string first;
  for (auto item : arr) {
    od::object obj;
    SIMDJSON_TRY(item.get_object().get(obj));
    std::string_view title, detail, type, message;
    for (auto fr : obj) {
      od::field f;
      SIMDJSON_TRY(std::move(fr).get(f));
      std::string_view k = json::key_of(f);
      od::value fv = f.value();
      od::json_type t;
      SIMDJSON_TRY(fv.type().get(t));
      if (t != od::json_type::string) continue;
      std::string_view* dst = k == "title"     ? &title
                              : k == "detail"  ? &detail
                              : k == "type"    ? &type
                              : k == "message" ? &message
                                               : nullptr;
      if (dst != nullptr) SIMDJSON_TRY(json::get_string(fv, *dst, spill));
    }
    if (title == "operational-disconnect" || type.ends_with("/operational-disconnect"))
      res.disconnect = true;
    if (count == 0) {
      first.assign(title.empty() ? std::string_view("error") : title);
      std::string_view more = !detail.empty() ? detail : message;
      if (!more.empty()) {
        first += ": ";
        first += more;
      }
    }
    ++count;
  }
  if (count == 0) return SUCCESS;
  res.message = std::move(first);
  if (count > 1) res.message += " (+" + std::to_string(count - 1) + " more)";
  return SUCCESS;
}

}  // namespace

namespace {
// The next record slot of `out`: a reused (cleared) element when there is one, else a new one.
Record& next_slot(std::vector<Record>& out, size_t& used) {
  if (used < out.size()) {
    Record& r = out[used++];
    r.clear();
    return r;
  }
  ++used;
  return out.emplace_back();
}
}  // namespace

PostParser::PostParser(std::string src) : src_(std::move(src)), scratch_(new Scratch) {}
PostParser::~PostParser() = default;
PostParser::PostParser(PostParser&&) noexcept = default;
PostParser& PostParser::operator=(PostParser&&) noexcept = default;

namespace {

// Fills a record from the collected fields (common to v1.1 and v2). False when there is no id.
bool build_record(const PostFields& p, const std::vector<std::string_view>& tags,
                  const std::vector<std::string_view>& ext_tags, const std::string& src, Record& r,
                  std::string& why) {
  if (p.id.empty()) {
    why = "no post id";
    return false;
  }
  r.id.assign(p.id);
  if (p.ts_ms >= 0) {
    r.ts = p.ts_ms;
  } else if (!p.created_at.empty()) {
    auto t = parse_post_time(p.created_at);
    if (!t) {
      why = "unreadable created_at \"" + std::string(p.created_at.substr(0, 40)) + "\"";
      return false;
    }
    r.ts = *t;
  }
  set_text(!p.full_text.empty() ? p.full_text : p.text, r.text);
  r.lang.assign(p.lang);
  r.user.assign(p.user);
  r.name.assign(p.name);
  r.place.assign(p.place_name);
  r.cc.assign(p.place_cc);
  r.rt = p.rt;
  r.src = src;
  if (p.bbox && valid_box(*p.bbox)) r.bbox = p.bbox;
  // v1.1: "coordinates" is [lon, lat]; the deprecated "geo" ([lat, lon]) only when it is missing.
  resolve_geo(r, p.point ? p.point : p.geo_field);
  const auto& chosen = p.has_ext_entities ? ext_tags : tags;
  for (auto t : chosen) add_hashtag(t, r.tags);
  if (!p.has_entities && !p.has_ext_entities) extract_hashtags(r.text, r.tags);
  return true;
}

}  // namespace

namespace {

error_code read_v1_control(std::string_view key, od::value v, ParsedLine& res,
                           json::StringSpill& spill) {
  if (key != "warning" && key != "disconnect") return SUCCESS;
  od::object obj;
  if (v.get_object().get(obj) != SUCCESS) return SUCCESS;
  std::string_view code, message, reason;
  for (auto fr : obj) {
    od::field f;
    SIMDJSON_TRY(std::move(fr).get(f));
    std::string_view k = json::key_of(f);
    od::value fv = f.value();
    od::json_type t;
    SIMDJSON_TRY(fv.type().get(t));
    if (k == "code") {
      // FALLING_BEHIND (warning) or a number (disconnect).
      code = t == od::json_type::string ? std::string_view{} : fv.raw_json_token();
      if (t == od::json_type::string) SIMDJSON_TRY(json::get_string(fv, code, spill));
    } else if (k == "message" && t == od::json_type::string) {
      SIMDJSON_TRY(json::get_string(fv, message, spill));
    } else if (k == "reason" && t == od::json_type::string) {
      SIMDJSON_TRY(json::get_string(fv, reason, spill));
    }
  }
  while (!code.empty() && is_space(code.back())) code.remove_suffix(1);
  std::string_view text = !message.empty() ? message : reason;
  res.message.assign(code);
  if (!code.empty() && !text.empty()) res.message += ": ";
  res.message += text;
  return SUCCESS;
}

error_code read_v2_includes(od::value v, LineState& sc) {
  if (json::is_null(v)) return SUCCESS;
  od::object obj;
  SIMDJSON_TRY(v.get_object().get(obj));
  for (auto fr : obj) {
    od::field f;
    SIMDJSON_TRY(std::move(fr).get(f));
    std::string_view k = json::key_of(f);
    bool places = k == "places";
    if (!places && k != "users") continue;
    od::value list = f.value();
    if (json::is_null(list)) continue;
    od::array arr;
    SIMDJSON_TRY(list.get_array().get(arr));
    for (auto item : arr) {
      od::object o;
      SIMDJSON_TRY(item.get_object().get(o));
      LineState::Place place;
      LineState::User user;
      for (auto ifr : o) {
        od::field x;
        SIMDJSON_TRY(std::move(ifr).get(x));
        std::string_view xk = json::key_of(x);
        od::value xv = x.value();
        if (xk == "id") {
          SIMDJSON_TRY(json::get_optional_string(xv, places ? place.id : user.id, sc.spill));
        } else if (places && xk == "full_name") {
          SIMDJSON_TRY(json::get_optional_string(xv, place.full_name, sc.spill));
        } else if (places && xk == "country_code") {
          SIMDJSON_TRY(json::get_optional_string(xv, place.cc, sc.spill));
        } else if (places && xk == "geo" && !json::is_null(xv)) {
          od::object g;
          SIMDJSON_TRY(xv.get_object().get(g));
          for (auto gfr : g) {
            od::field gf;
            SIMDJSON_TRY(std::move(gfr).get(gf));
            if (json::key_of(gf) != "bbox") continue;
            BBox b{};
            bool found = false;
            SIMDJSON_TRY(json::get_bbox_array(gf.value(), b, found));
            if (found) place.bbox = b;
          }
        } else if (!places && xk == "username") {
          SIMDJSON_TRY(json::get_optional_string(xv, user.username, sc.spill));
        } else if (!places && xk == "name") {
          SIMDJSON_TRY(json::get_optional_string(xv, user.name, sc.spill));
        }
      }
      if (places) {
        sc.places.push_back(place);
      } else {
        sc.users.push_back(user);
      }
    }
  }
  return SUCCESS;
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
  bool has_data = false, has_errors = false;
  ParsedLine control_info;
  for (auto fr : obj) {
    od::field f;
    SIMDJSON_TRY(std::move(fr).get(f));
    const char* raw_key = f.key().raw();
    od::value v = f.value();
    switch (classify_top_key(raw_key)) {
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
        SIMDJSON_TRY(read_v1_user(v, p, sc.spill));
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
        SIMDJSON_TRY(read_v1_extended(v, p, sc.ext_tags, sc.spill));
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
  res.kind = LineKind::kPosts;
  return SUCCESS;
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
    return malformed(json::describe_error(err));
  }
  if (!why.empty()) {
    used = used_before;
    return malformed(why);
  }
  return res;
}

}  // namespace tweetmap
