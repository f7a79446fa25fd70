// Small simdjson On-Demand helpers shared by the payload parsers: key views, lenient strings,
// GeoJSON points and boxes. Each returns a simdjson error code instead of throwing.
#pragma once

#include <simdjson.h>

#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/geo.hpp"
#include "core/record.hpp"

namespace tweetmap::json {

namespace od = simdjson::ondemand;
using simdjson::error_code;

/// The key of an object field as written in the JSON (escapes are not decoded; X keys have none).
/// Valid until the next document is parsed.
inline std::string_view key_of(od::field& f) {
  const char* k = f.key().raw();
  // The key is followed by its closing quote (within the padded input); keys are short.
  size_t n = 0;
  while (k[n] != '"') ++n;
  return {k, n};
}

/// True when the raw key `k` (as `field::key().raw()`, inside a padded document) is exactly
/// `target`, which must hold no quote or backslash. Compares without measuring the key first.
inline bool key_is(const char* k, std::string_view target) {
  return std::memcmp(k, target.data(), target.size()) == 0 && k[target.size()] == '"';
}

/// Decoded strings that could not live in simdjson's own buffer; cleared for every line.
class StringSpill {
 public:
  std::string_view keep(std::string s);
  void clear() { used_ = 0; }

 private:
  std::vector<std::string> pool_;
  size_t used_ = 0;
};

/// Reads a string value. A JSON string that simdjson rejects only for an unpaired UTF-16 surrogate
/// (posts cut in the middle of an emoji) is decoded with U+FFFD in its place instead of failing.
/// The view lives until the next document (or the spill's clear()).
error_code get_string(od::value v, std::string_view& out, StringSpill& spill);

/// Reads a string, or null/absent as empty. Non-string types are INCORRECT_TYPE.
error_code get_optional_string(od::value v, std::string_view& out, StringSpill& spill);

/// True when the value is JSON null (consumes nothing otherwise).
bool is_null(od::value& v);

/// Reads the first two numbers of an array ([a, b, ...]). A plain [a, b] is read from its text
/// (source/raw_numbers.hpp: the values and errors are simdjson's either way) and left unconsumed
/// for the enclosing object or array to skip; so are the boxes below. These readers expect a
/// document whose root was read as an object, as every parser here does.
error_code get_pair(od::value v, double& a, double& b);

/// Reads a GeoJSON Point object {"type":"Point","coordinates":[x,y]} (other members ignored).
/// `found` is false when it has no coordinates.
error_code get_point(od::value& v, double& x, double& y, bool& found);

/// Reads a v1.1 place "bounding_box" {"type":"Polygon","coordinates":[[[lon,lat],...]]} into
/// [w,s,e,n]. X writes the ring south-west, north-west, north-east, south-east, so west and east
/// come from that order (which keeps boxes crossing the antimeridian intact); rings in another
/// order fall back to the min/max of the longitudes.
error_code get_polygon_box(od::value& v, BBox& box, bool& found);

/// Reads a [w,s,e,n] array.
error_code get_bbox_array(od::value v, BBox& box, bool& found);

/// Describes a simdjson error for a "malformed line" message.
std::string describe_error(error_code e);
/// As describe_error, but a line whose first JSON value is complete and followed by more than
/// white space is "trailing content after the JSON object" (simdjson reports `{...} x` and
/// `{...}]` as a tape error, like a truncated line).
std::string describe_error(error_code e, std::string_view line);

// The loops here and in the parsers use each simdjson_result in place (error(), then
// value_unsafe()) instead of moving it into a local field or value with get(): g++ 12 copies
// the moved pair through the stack in pieces and reads it back whole, a store-forwarding stall
// on every member (8% of the CPU of a v1.1 replay in the top-level loop alone).

/// Calls `fn(key, field)` for each member of `obj` (key as key_of); stops at the first error,
/// from simdjson or from `fn` (which returns an error_code).
template <class Fn>
error_code for_each_field(od::object obj, Fn&& fn) {
  for (auto fr : obj) {
    SIMDJSON_TRY(fr.error());
    od::field&& f = std::move(fr).value_unsafe();
    SIMDJSON_TRY(fn(key_of(f), f));
  }
  return simdjson::SUCCESS;
}

/// As above for an object value; JSON null reads as an empty object, another type is an error.
template <class Fn>
error_code for_each_field(od::value v, Fn&& fn) {
  if (is_null(v)) return simdjson::SUCCESS;
  od::object obj;
  SIMDJSON_TRY(v.get_object().get(obj));
  return for_each_field(obj, std::forward<Fn>(fn));
}

/// Calls `fn(value)` (which returns an error_code) for the first member of `obj` whose raw key is
/// `key` (as key_is); the members after it are left to simdjson to skip, which reads no keys.
/// SUCCESS when there is none.
template <class Fn>
error_code with_first_field(od::object obj, std::string_view key, Fn&& fn) {
  for (auto fr : obj) {
    SIMDJSON_TRY(fr.error());
    od::field&& f = std::move(fr).value_unsafe();  // not copied out, as in for_each_field
    if (key_is(f.key().raw(), key)) return fn(f.value());
  }
  return simdjson::SUCCESS;
}

/// Calls `fn(item)` for each element of an array value; JSON null reads as an empty array.
template <class Fn>
error_code for_each_item(od::value v, Fn&& fn) {
  if (is_null(v)) return simdjson::SUCCESS;
  od::array arr;
  SIMDJSON_TRY(v.get_array().get(arr));
  for (auto item : arr) {
    SIMDJSON_TRY(item.error());
    SIMDJSON_TRY(fn(item.value_unsafe()));
  }
  return simdjson::SUCCESS;
}

}  // namespace tweetmap::json
