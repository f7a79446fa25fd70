#include "trends/input.hpp"

#include "core/geo.hpp"
#include "core/padded_parse.hpp"
#include "core/record_fields.hpp"

namespace tweetmap {

namespace {

Status read_fields(simdjson::ondemand::object obj, Record& out, bool want_text) {
  using namespace record_fields;
  return for_each_field(obj, [&](std::string_view key, auto& value, json_type t) {
    // Dispatch on the length first: most keys are then told apart by one comparison.
    switch (key.size()) {
      case 2:
        if (key == "ts") return read_ts(value, out.ts);
        if (key == "cc") return read_string(value, out.cc);
        if (key == "rt") return read_bool(value, out.rt);
        if (key == "id") return t == json_type::string || t == json_type::number;
        break;
      case 3:
        if (key == "lat") return read_coordinate(value, out.lat);
        if (key == "lon") return read_coordinate(value, out.lon);
        if (key == "geo") return read_geo(value, out.geo);
        if (key == "src") return t == json_type::string;
        break;
      case 4:
        if (key == "tags") return read_tags(value, out.tags);
        if (key == "type") return read_string(value, out.type);
        if (key == "text") return want_text ? read_string(value, out.text) : t == json_type::string;
        if (key == "lang") return want_text ? read_string(value, out.lang) : t == json_type::string;
        if (key == "user" || key == "name") return t == json_type::string;
        if (key == "bbox") return t == json_type::array;
        if (key == "prec") return read_precision(value, out.prec);
        break;
      case 5:
        if (key == "place") return read_string(value, out.place);
        break;
      default:
        break;
    }
    return true;
  });
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
