// Reading a record line's fields (the output of tweet-stream): the loop over its members and the
// readers of the values, with the rules every parser of record lines keeps (RecordParser, and
// parsers that read fewer fields, such as tweet-trends' input).
#pragma once

#include <fmt/format.h>
#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_string.hpp"
#include "core/record.hpp"
#include "core/status.hpp"

namespace tweetmap::record_fields {

using simdjson::ondemand::json_type;

/// Calls `f(key, value, type)` for each member of `obj` whose value is not null; `f` returns
/// false when the value is not what its field needs (unknown fields are the caller's: usually
/// true). Errors (kParse): "bad key", "bad value", or `bad value for field "KEY"` when `f` said
/// false. Inline (it runs for every field of every line).
template <typename F>
Status for_each_field(simdjson::ondemand::object obj, F&& f) {
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return parse_error("bad key");
    auto value = field.value();
    json_type t;
    if (value.type().get(t)) return parse_error("bad value");
    if (t == json_type::null) continue;
    if (!f(key, value, t)) return parse_error(fmt::format("bad value for field \"{}\"", key));
  }
  return Status::ok();
}

/// A string field, unescaped; an unpaired surrogate escape becomes U+FFFD (docs/RECORD.md, Text).
inline bool read_string(auto& value, std::string& out) {
  simdjson::ondemand::value v;
  return !value.get(v) && !get_string_lenient(v, out);
}

/// `ts`: an integer, or a number inside int64's range (1.4472e12), truncated.
inline bool read_ts(auto& value, int64_t& out) {
  int64_t v = 0;
  bool ok = true;
  if (value.get_int64().get(v)) {
    double d = 0;
    ok = !value.get_double().get(d) && d >= -0x1p63 && d < 0x1p63;
    v = ok ? static_cast<int64_t>(d) : 0;
  }
  out = v;
  return ok;
}

/// `lat` or `lon`: a number (its range is the caller's to check).
inline bool read_coordinate(auto& value, std::optional<double>& out) {
  double d = 0;
  const bool ok = !value.get_double().get(d);
  out = d;
  return ok;
}

/// `geo`: a string; an unknown kind reads as kNone.
inline bool read_geo(auto& value, GeoKind& out) {
  std::string_view sv;
  if (value.get_string().get(sv)) return false;
  out = geo_kind_from_name(sv).value_or(GeoKind::kNone);
  return true;
}

/// `prec`: a string; an unknown name is kNone.
inline bool read_precision(auto& value, GeoPrecision& out) {
  std::string_view sv;
  if (value.get_string().get(sv)) return false;
  out = geo_precision_from_name(sv);
  return true;
}

/// `tags` or `rules`: an array of strings (read as read_string does), appended to `out`.
inline bool read_tags(auto& value, std::vector<std::string>& out) {
  simdjson::ondemand::array arr;
  if (value.get_array().get(arr)) return false;
  for (auto el : arr) {
    simdjson::ondemand::value item;
    std::string tag;
    if (el.get(item) || get_string_lenient(item, tag)) return false;
    out.push_back(std::move(tag));
  }
  return true;
}

/// `rt`: a boolean.
inline bool read_bool(auto& value, bool& out) {
  bool b = false;
  const bool ok = !value.get_bool().get(b);
  out = b;
  return ok;
}

}  // namespace tweetmap::record_fields
