// Readers for the parts of X API post objects (v1.1 user/place/extended_tweet, v2 geo,
// note_tweet, referenced_tweets, errors) that PostParser needs.
#include "source/post_fields.hpp"

#include <algorithm>
#include <string>

#include "core/hashtags.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"

namespace tweetmap::post_detail {

using simdjson::SUCCESS;

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

// entities.hashtags[].<key> into `out`: the first "hashtags" member, each tag's first <key>; the
// rest of the object (URLs, mentions, media) is left to simdjson to skip, which it does without
// reading keys.
error_code read_entities(od::value v, std::string_view tag_key, std::vector<std::string_view>& out,
                         json::StringSpill& spill) {
  if (json::is_null(v)) return SUCCESS;
  od::object obj;
  SIMDJSON_TRY(v.get_object().get(obj));
  return json::with_first_field(obj, "hashtags", [&](od::value tags) -> error_code {
    return json::for_each_item(tags, [&](od::value item) -> error_code {
      od::object tag;
      SIMDJSON_TRY(item.get_object().get(tag));
      return json::with_first_field(tag, tag_key, [&](od::value text) -> error_code {
        std::string_view s;
        SIMDJSON_TRY(json::get_string(text, s, spill));
        out.push_back(s);
        return SUCCESS;
      });
    });
  });
}

error_code read_timestamp_ms(od::value v, int64_t& out) {
  // X writes "1447202107010": its digits are read from the raw text, nothing unescaped.
  std::string_view raw = v.raw_json_token();
  if (raw.size() >= 3 && raw[0] == '"') {
    size_t n = 1;
    int64_t ms = 0;
    while (n < raw.size() && n <= 18 && raw[n] >= '0' && raw[n] <= '9')
      ms = ms * 10 + (raw[n++] - '0');
    if (n > 1 && n < raw.size() && raw[n] == '"') {
      out = ms;
      return SUCCESS;
    }
  }
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

error_code read_matching_rules(od::value v, std::vector<std::string_view>& out,
                               json::StringSpill& spill) {
  if (json::is_null(v)) return SUCCESS;
  return json::for_each_item(v, [&](od::value item) -> error_code {
    std::string_view id, tag, value;
    SIMDJSON_TRY(json::for_each_field(item, [&](std::string_view k, od::field& f) -> error_code {
      od::value fv = f.value();
      if (k == "tag") return json::get_optional_string(fv, tag, spill);
      if (k == "value") return json::get_optional_string(fv, value, spill);
      if (k == "id") {
        od::json_type t;
        SIMDJSON_TRY(fv.type().get(t));
        if (t == od::json_type::number) return read_numeric_id(fv, id);
        return json::get_optional_string(fv, id, spill);
      }
      return SUCCESS;
    }));
    std::string_view name = !tag.empty() ? tag : !value.empty() ? value : id;
    if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    return SUCCESS;
  });
}

error_code read_v1_user(od::value v, PostFields& p, json::StringSpill& spill, int fields) {
  if (json::is_null(v)) return SUCCESS;
  int have = 0;
  od::object obj;
  SIMDJSON_TRY(v.get_object().get(obj));
  for (auto fr : obj) {
    SIMDJSON_TRY(fr.error());
    od::field&& f = std::move(fr).value_unsafe();  // not copied out (see json::for_each_field)
    // Raw keys, told apart by their first byte: most of the object's keys match none.
    const char* k = f.key().raw();
    int bit = 0;
    switch (k[0]) {
      case 's':
        bit = json::key_is(k, "screen_name") ? 1 : 0;
        break;
      case 'n':
        bit = json::key_is(k, "name") ? 2 : 0;
        break;
      case 'l':
        bit = json::key_is(k, "location") ? 4 : 0;
        break;
      case 't':
        bit = json::key_is(k, "time_zone") ? 8 : 0;
        break;
      case 'u':
        bit = json::key_is(k, "utc_offset") ? 16 : 0;
        break;
      default:
        break;
    }
    bit &= fields;
    if (bit == 0) continue;
    if (bit == 1) {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.user, spill));
    } else if (bit == 2) {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.name, spill));
    } else if (bit == 4) {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.location, spill));
    } else if (bit == 8) {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.time_zone, spill));
    } else {
      od::value v2 = f.value();
      int64_t off = 0;
      if (!json::is_null(v2) && v2.get_int64().get(off) == simdjson::SUCCESS && off > -86400 &&
          off < 86400)
        p.utc_offset_s = static_cast<int>(off);
    }
    have |= bit;
    // The rest of a user object (dozens of profile fields) is skipped without decoding keys.
    if (have == fields) break;
  }
  return SUCCESS;
}

error_code read_v1_place(od::value v, PostFields& p, json::StringSpill& spill) {
  if (json::is_null(v)) return SUCCESS;
  od::object obj;
  SIMDJSON_TRY(v.get_object().get(obj));
  int have = 0;
  for (auto fr : obj) {
    SIMDJSON_TRY(fr.error());
    od::field&& f = std::move(fr).value_unsafe();  // not copied out (see json::for_each_field)
    const char* k = f.key().raw();                 // raw keys, told apart by their first byte
    if (k[0] == 'f' && json::key_is(k, "full_name")) {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.place_name, spill));
      have |= 1;
    } else if (k[0] == 'c' && json::key_is(k, "country_code")) {
      SIMDJSON_TRY(json::get_optional_string(f.value(), p.place_cc, spill));
      have |= 2;
    } else if (k[0] == 'b' && json::key_is(k, "bounding_box")) {
      BBox b{};
      bool found = false;
      SIMDJSON_TRY(json::get_polygon_box(f.value(), b, found));
      if (found) p.bbox = b;
      have |= 4;
    }
    if (have == 7) break;  // the rest (attributes, ...) is skipped by simdjson
  }
  return SUCCESS;
}

error_code read_long_text(od::value v, std::string_view text_key, std::string_view tag_key,
                          PostFields& p, std::vector<std::string_view>& ext_tags,
                          json::StringSpill& spill) {
  return json::for_each_field(v, [&](std::string_view k, od::field& f) -> error_code {
    if (k == text_key) return json::get_optional_string(f.value(), p.full_text, spill);
    if (k == "entities") {
      p.has_ext_entities = true;
      return read_entities(f.value(), tag_key, ext_tags, spill);
    }
    return SUCCESS;
  });
}

// v2 "geo": {"place_id": "...", "coordinates": {"type":"Point","coordinates":[lon,lat]}}.
error_code read_v2_geo(od::value v, PostFields& p, json::StringSpill& spill) {
  return json::for_each_field(v, [&](std::string_view k, od::field& f) -> error_code {
    if (k == "place_id") return json::get_optional_string(f.value(), p.place_id, spill);
    if (k == "coordinates") {
      double lon = 0, lat = 0;
      bool found = false;
      SIMDJSON_TRY(json::get_point(f.value(), lon, lat, found));
      if (found) p.point = LatLon{lat, lon};
    }
    return SUCCESS;
  });
}

error_code read_v2_referenced(od::value v, PostFields& p) {
  return json::for_each_item(v, [&](od::value item) -> error_code {
    od::object obj;
    SIMDJSON_TRY(item.get_object().get(obj));
    return json::for_each_field(obj, [&](std::string_view k, od::field& f) -> error_code {
      if (k != "type") return SUCCESS;
      std::string_view t;
      SIMDJSON_TRY(f.value().get_string().get(t));
      if (t == "retweeted") p.rt = true;
      return SUCCESS;
    });
  });
}

// One v2 tweet object (an element of "data").
error_code read_v2_tweet(od::value v, PostFields& p, std::vector<std::string_view>& tags,
                         std::vector<std::string_view>& ext_tags, json::StringSpill& spill) {
  od::object obj;
  SIMDJSON_TRY(v.get_object().get(obj));
  return json::for_each_field(obj, [&](std::string_view k, od::field& f) -> error_code {
    if (k == "id") {
      od::value iv = f.value();
      od::json_type t;
      SIMDJSON_TRY(iv.type().get(t));
      if (t == od::json_type::number) return read_numeric_id(iv, p.id);
      return json::get_optional_string(iv, p.id, spill);
    }
    if (k == "text") return json::get_optional_string(f.value(), p.text, spill);
    if (k == "created_at") return json::get_optional_string(f.value(), p.created_at, spill);
    if (k == "author_id") return json::get_optional_string(f.value(), p.author_id, spill);
    if (k == "lang") return json::get_optional_string(f.value(), p.lang, spill);
    if (k == "geo") return read_v2_geo(f.value(), p, spill);
    if (k == "entities") {
      p.has_entities = true;
      return read_entities(f.value(), "tag", tags, spill);
    }
    // v2 "note_tweet" (long posts): {"text": ..., "entities": {...}}.
    if (k == "note_tweet") return read_long_text(f.value(), "text", "tag", p, ext_tags, spill);
    if (k == "referenced_tweets") return read_v2_referenced(f.value(), p);
    return SUCCESS;
  });
}

// Summarizes a v2 "errors" array: "title: detail (+N more)"; flags operational disconnects.
error_code read_v2_errors(od::value v, ParsedLine& res, json::StringSpill& spill) {
  size_t count = 0;
  std::string first;
  SIMDJSON_TRY(json::for_each_item(v, [&](od::value item) -> error_code {
    od::object obj;
    SIMDJSON_TRY(item.get_object().get(obj));
    std::string_view title, detail, type, message;
    SIMDJSON_TRY(json::for_each_field(obj, [&](std::string_view k, od::field& f) -> error_code {
      od::value fv = f.value();
      od::json_type t;
      SIMDJSON_TRY(fv.type().get(t));
      if (t != od::json_type::string) return SUCCESS;
      std::string_view* dst = k == "title"     ? &title
                              : k == "detail"  ? &detail
                              : k == "type"    ? &type
                              : k == "message" ? &message
                                               : nullptr;
      return dst != nullptr ? json::get_string(fv, *dst, spill) : SUCCESS;
    }));
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
    return SUCCESS;
  }));
  if (count == 0) return SUCCESS;
  res.message = std::move(first);
  if (count > 1) res.message += " (+" + std::to_string(count - 1) + " more)";
  return SUCCESS;
}

error_code read_v1_control(std::string_view key, od::value v, ParsedLine& res,
                           json::StringSpill& spill) {
  if (key != "warning" && key != "disconnect") return SUCCESS;
  od::object obj;
  if (v.get_object().get(obj) != SUCCESS) return SUCCESS;
  std::string_view code, message, reason;
  SIMDJSON_TRY(json::for_each_field(obj, [&](std::string_view k, od::field& f) -> error_code {
    od::value fv = f.value();
    od::json_type t;
    SIMDJSON_TRY(fv.type().get(t));
    if (k == "code") {
      // FALLING_BEHIND (warning) or a number (disconnect).
      if (t == od::json_type::string) return json::get_string(fv, code, spill);
      code = fv.raw_json_token();
    } else if (k == "message" && t == od::json_type::string) {
      return json::get_string(fv, message, spill);
    } else if (k == "reason" && t == od::json_type::string) {
      return json::get_string(fv, reason, spill);
    }
    return SUCCESS;
  }));
  while (!code.empty() && is_space(code.back())) code.remove_suffix(1);
  std::string_view text = !message.empty() ? message : reason;
  res.message.assign(code);
  if (!code.empty() && !text.empty()) res.message += ": ";
  res.message += text;
  return SUCCESS;
}

}  // namespace tweetmap::post_detail
