#include "trends/input.hpp"

#include <fmt/format.h>

#include "core/geo.hpp"
#include "core/padded_parse.hpp"

namespace tweetmap {

namespace {

using simdjson::ondemand::json_type;

Status read_fields(simdjson::ondemand::object obj, Record& out, bool want_text) {
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return parse_error("bad key");
    auto value = field.value();
    json_type t;
    if (value.type().get(t)) return parse_error("bad value");
    if (t == json_type::null) continue;
    auto get_string = [&](std::string& dst) -> bool {
      std::string_view sv;
      if (value.get_string().get(sv)) return false;
      dst.assign(sv);
      return true;
    };
    bool ok = true;
    switch (key.size()) {
      case 2:
        if (key == "ts") {
          int64_t v = 0;
          if (value.get_int64().get(v)) {
            double d = 0;
            // Not an int64 (e.g. 1.4472e12): a number is fine, but only inside int64's range.
            ok = !value.get_double().get(d) && d >= -0x1p63 && d < 0x1p63;
            v = ok ? static_cast<int64_t>(d) : 0;
          }
          out.ts = v;
        } else if (key == "cc") {
          ok = get_string(out.cc);
        } else if (key == "rt") {
          bool b = false;
          ok = !value.get_bool().get(b);
          out.rt = b;
        } else if (key == "id") {
          ok = t == json_type::string || t == json_type::number;
        }
        break;
      case 3:
        if (key == "lat" || key == "lon") {
          double d = 0;
          ok = !value.get_double().get(d);
          (key == "lat" ? out.lat : out.lon) = d;
        } else if (key == "geo") {
          std::string_view sv;
          ok = !value.get_string().get(sv);
          if (ok) out.geo = geo_kind_from_name(sv).value_or(GeoKind::kNone);
        } else if (key == "src") {
          ok = t == json_type::string;
        }
        break;
      case 4:
        if (key == "tags") {
          simdjson::ondemand::array arr;
          ok = !value.get_array().get(arr);
          if (ok) {
            for (auto el : arr) {
              std::string_view sv;
              if (el.get_string().get(sv)) {
                ok = false;
                break;
              }
              out.tags.emplace_back(sv);
            }
          }
        } else if (key == "type") {
          ok = get_string(out.type);
        } else if (key == "text") {
          ok = want_text ? get_string(out.text) : t == json_type::string;
        } else if (key == "lang") {
          ok = want_text ? get_string(out.lang) : t == json_type::string;
        } else if (key == "user" || key == "name") {
          ok = t == json_type::string;
        } else if (key == "bbox") {
          ok = t == json_type::array;
        }
        break;
      case 5:
        if (key == "place") ok = get_string(out.place);
        break;
      default:
        break;
    }
    if (!ok) return parse_error(fmt::format("bad value for field \"{}\"", key));
  }
  return Status::ok();
}

}  // namespace

Status TrendInputParser::parse(std::string_view line, Record& out, bool padded) {
  out.clear();
  bad_position_ = false;
  simdjson::ondemand::document doc;
  if (auto err = iterate_padded(parser_, buffer_, line, padded).get(doc))
    return parse_error(simdjson::error_message(err));
  simdjson::ondemand::object obj;
  if (doc.get_object().get(obj)) return parse_error("not a JSON object");
  if (Status st = read_fields(obj, out, want_text_); !st) return st;
  // Trailing garbage after the object is a malformed line.
  const char* rest = nullptr;
  if (doc.current_location().get(rest) != simdjson::OUT_OF_BOUNDS)
    return parse_error("trailing content after JSON object");
  if ((out.lat && !valid_lat(*out.lat)) || (out.lon && !valid_lon(*out.lon))) {
    // A cell at the pole centred on [999, 999] otherwise.
    out.lat.reset();
    out.lon.reset();
    bad_position_ = true;
  }
  return Status::ok();
}

}  // namespace tweetmap
