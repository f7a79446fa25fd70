// Readers for the parts of X API post objects (v1.1 and v2) that PostParser needs. Internal to
// the post parser (lib/source/post_parser.cpp); not part of the library's public interface.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "core/geo.hpp"
#include "source/json_fields.hpp"
#include "source/post_parser.hpp"

namespace tweetmap::post_detail {

namespace od = simdjson::ondemand;
using simdjson::error_code;

/// True for JSON whitespace.
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// What one post object yielded before joins and geo resolution; views point into simdjson's
// string buffer (or the spill) and live until the next line.
struct PostFields {
  std::string_view id, text, full_text, created_at, timestamp_ms, lang;
  std::string_view user, name;            // v1.1 user object
  std::string_view author_id, place_id;   // v2 joins
  std::string_view place_name, place_cc;  // v1.1 place
  std::string_view location, time_zone;   // the author's stated location (geocoding input)
  std::optional<int> utc_offset_s;        // v1.1 user.utc_offset
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
    std::string_view id, username, name, location;
  };
  std::vector<Place> places;
  std::vector<User> users;
  // v2 posts of this line (a page has many); vectors keep their capacity between lines.
  std::vector<PostFields> v2_posts;
  std::vector<std::vector<std::string_view>> v2_tags, v2_ext_tags;
  size_t v2_count = 0;
  std::vector<std::string_view> rules;  // v2 matching_rules: tag, else value, else id
  bool want_rules = false;              // read matching_rules (the `x` source only)
  PostFields post;
  std::string_view numeric_id;

  void reset() {
    spill.clear();
    tags.clear();
    ext_tags.clear();
    places.clear();
    users.clear();
    v2_count = 0;
    rules.clear();
    post.reset();
    numeric_id = {};
  }
};

/// Field readers: each reads one JSON value into its output (views into simdjson's buffer or
/// `spill`), returning a simdjson error for a value of the wrong shape.
error_code read_entities(od::value v, std::string_view tag_key, std::vector<std::string_view>& out,
                         json::StringSpill& spill);
error_code read_timestamp_ms(od::value v, int64_t& out);
error_code read_numeric_id(od::value v, std::string_view& out);
// The members of a v1.1 user object that read_v1_user reads (a mask): screen_name and name, the
// profile geocoder's location, time_zone and utc_offset, or all.
enum UserFields : int { kUserNames = 1 | 2, kUserProfile = 4 | 8 | 16, kUserAll = 31 };
error_code read_v1_user(od::value v, PostFields& p, json::StringSpill& spill,
                        int fields = kUserAll);
error_code read_v1_place(od::value v, PostFields& p, json::StringSpill& spill);
// The long form of a post: v1.1 "extended_tweet" (text_key "full_text", hashtags' tag_key
// "text") or v2 "note_tweet" ("text", "tag"). Its entities replace the short form's.
error_code read_long_text(od::value v, std::string_view text_key, std::string_view tag_key,
                          PostFields& p, std::vector<std::string_view>& ext_tags,
                          json::StringSpill& spill);
error_code read_v2_geo(od::value v, PostFields& p, json::StringSpill& spill);
error_code read_v2_referenced(od::value v, PostFields& p);
error_code read_v2_tweet(od::value v, PostFields& p, std::vector<std::string_view>& tags,
                         std::vector<std::string_view>& ext_tags, json::StringSpill& spill);
// v2 "matching_rules": [{"id", "tag"}, ...]; each rule's tag, else its value, else its id
// (de-duplicated, in order).
error_code read_matching_rules(od::value v, std::vector<std::string_view>& out,
                               json::StringSpill& spill);
error_code read_v2_errors(od::value v, ParsedLine& res, json::StringSpill& spill);
// v1.1 "warning" and "disconnect" control messages: their code and message into res.message.
error_code read_v1_control(std::string_view key, od::value v, ParsedLine& res,
                           json::StringSpill& spill);

}  // namespace tweetmap::post_detail
