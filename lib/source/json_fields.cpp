#include "source/json_fields.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "core/json_string.hpp"
#include "core/text.hpp"
#include "source/raw_numbers.hpp"

namespace tweetmap::json {

std::string_view StringSpill::keep(std::string s) {
  if (used_ == pool_.size()) pool_.emplace_back();
  pool_[used_] = std::move(s);
  return pool_[used_++];
}

error_code get_string(od::value v, std::string_view& out, StringSpill& spill) {
  error_code e = v.get_string().get(out);
  if (e != simdjson::STRING_ERROR) return e;
  // The value's own token (simdjson keeps where the value started, also after a failed read).
  std::string_view raw = v.raw_json_token();
  if (raw.empty() || raw[0] != '"') return e;
  std::string decoded;
  if (!decode_json_string_lenient(raw.substr(1), decoded)) return e;
  out = spill.keep(std::move(decoded));
  return simdjson::SUCCESS;
}

bool is_null(od::value& v) {
  od::json_type t;
  return !v.type().get(t) && t == od::json_type::null;
}

error_code get_optional_string(od::value v, std::string_view& out, StringSpill& spill) {
  // A string first (the common case); a value that is not one is looked at again (a failed
  // get_string consumes nothing).
  error_code e = get_string(v, out, spill);
  if (e != simdjson::INCORRECT_TYPE || !is_null(v)) return e;
  out = {};
  return simdjson::SUCCESS;
}

error_code get_pair(od::value v, double& a, double& b) {
  // [a, b] as X writes it is read from the text and left for the caller's iteration to skip;
  // anything else (more numbers, non-numbers, null) goes through simdjson.
  if (read_raw_pair(v.raw_json_token().data(), a, b) != nullptr) return simdjson::SUCCESS;
  od::array arr;
  SIMDJSON_TRY(v.get_array().get(arr));
  int n = 0;
  for (auto item : arr) {
    double d = 0;
    SIMDJSON_TRY(item.get_double().get(d));
    if (n == 0) a = d;
    if (n == 1) b = d;
    ++n;
  }
  return n >= 2 ? simdjson::SUCCESS : simdjson::INCORRECT_TYPE;
}

error_code get_point(od::value& v, double& x, double& y, bool& found) {
  found = false;
  return for_each_field(v, [&](std::string_view k, od::field& field) -> error_code {
    if (k != "coordinates") return simdjson::SUCCESS;
    od::value c = field.value();
    if (is_null(c)) return simdjson::SUCCESS;
    SIMDJSON_TRY(get_pair(c, x, y));
    found = true;
    return simdjson::SUCCESS;
  });
}

namespace {

constexpr int kMaxBoxPoints = 16;

// [w,s,e,n] of a ring's first `n` (> 0) points; see get_polygon_box.
BBox ring_box(const double* lon, const double* lat, int n) {
  double s = *std::min_element(lat, lat + n), nn = *std::max_element(lat, lat + n);
  double w = 0, e = 0;
  if (n >= 4 && lon[0] == lon[1] && lon[2] == lon[3] && lat[0] <= lat[1] && lat[3] <= lat[2]) {
    w = lon[0];
    e = lon[2];
  } else {
    w = *std::min_element(lon, lon + n);
    e = *std::max_element(lon, lon + n);
  }
  return {w, s, e, nn};
}

// The first ring's points through simdjson (holes are never read).
error_code read_ring(od::value c, double* lon, double* lat, int& n) {
  od::array rings;
  SIMDJSON_TRY(c.get_array().get(rings));
  bool first_ring = true;
  for (auto ring_result : rings) {
    if (!first_ring) break;  // holes never matter for a box
    first_ring = false;
    od::array ring;
    SIMDJSON_TRY(ring_result.get_array().get(ring));
    for (auto pt : ring) {
      double x = 0, y = 0;
      od::value pv;
      SIMDJSON_TRY(pt.get(pv));
      SIMDJSON_TRY(get_pair(pv, x, y));
      if (n < kMaxBoxPoints) {
        lon[n] = x;
        lat[n] = y;
        ++n;
      }
    }
  }
  return simdjson::SUCCESS;
}

}  // namespace

error_code get_polygon_box(od::value& v, BBox& box, bool& found) {
  found = false;
  return for_each_field(v, [&](std::string_view k, od::field& field) -> error_code {
    if (k != "coordinates") return simdjson::SUCCESS;
    od::value c = field.value();
    double lon[kMaxBoxPoints], lat[kMaxBoxPoints];
    int n = 0;
    // One ring of [lon, lat] pairs, as X writes it, is read from the text (the value is left
    // for for_each_field to skip); null, holes and anything odd go through simdjson.
    if (read_raw_ring(c.raw_json_token().data(), lon, lat, kMaxBoxPoints, n) == nullptr) {
      if (is_null(c)) return simdjson::SUCCESS;
      SIMDJSON_TRY(read_ring(c, lon, lat, n));
    }
    if (n == 0) return simdjson::SUCCESS;
    box = ring_box(lon, lat, n);
    found = true;
    return simdjson::SUCCESS;
  });
}

error_code get_bbox_array(od::value v, BBox& box, bool& found) {
  found = false;
  if (is_null(v)) return simdjson::SUCCESS;
  od::array arr;
  SIMDJSON_TRY(v.get_array().get(arr));
  size_t n = 0;
  for (auto item : arr) {
    double d = 0;
    SIMDJSON_TRY(item.get_double().get(d));
    if (n < 4) box[n] = d;
    ++n;
  }
  found = n == 4;
  return simdjson::SUCCESS;
}

std::string describe_error(error_code e) {
  switch (e) {
    case simdjson::UTF8_ERROR:
      return "invalid UTF-8";
    case simdjson::UNCLOSED_STRING:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::TAPE_ERROR:
      return "truncated or unbalanced JSON";
    case simdjson::INCORRECT_TYPE:
      return "unexpected JSON type for a known field";
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE:
      return "bad number";
    case simdjson::STRING_ERROR:
      return "bad string escape";
    case simdjson::TRAILING_CONTENT:
      return "trailing content after the JSON object";
    case simdjson::CAPACITY:
      return "line too large";
    default:
      return std::string("bad JSON (") + simdjson::error_message(e) + ")";
  }
}

namespace {

// Where the first JSON object or array of `s` ends (after its closing bracket), or npos when it
// does not (truncated) or `s` does not start with one.
size_t end_of_first_value(std::string_view s) {
  size_t i = s.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || (s[i] != '{' && s[i] != '[')) return std::string_view::npos;
  int depth = 0;
  bool in_string = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::string describe_error(error_code e, std::string_view line) {
  if (e == simdjson::TAPE_ERROR || e == simdjson::INCOMPLETE_ARRAY_OR_OBJECT) {
    size_t end = end_of_first_value(line);
    if (end != std::string_view::npos &&
        line.find_first_not_of(" \t\r\n", end) != std::string_view::npos)
      return describe_error(simdjson::TRAILING_CONTENT);
  }
  return describe_error(e);
}

}  // namespace tweetmap::json
