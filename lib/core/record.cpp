#include "core/record.hpp"

#include <fmt/format.h>

#include "core/padded_parse.hpp"

namespace tweetmap {

std::string_view geo_kind_name(GeoKind g) {
  switch (g) {
    case GeoKind::kPoint:
      return "point";
    case GeoKind::kPlace:
      return "place";
    case GeoKind::kProfile:
      return "profile";
    case GeoKind::kText:
      return "text";
    case GeoKind::kNone:
      break;
  }
  return "none";
}

std::optional<GeoKind> geo_kind_from_name(std::string_view s) {
  if (s == "point") return GeoKind::kPoint;
  if (s == "place") return GeoKind::kPlace;
  if (s == "profile") return GeoKind::kProfile;
  if (s == "text") return GeoKind::kText;
  if (s == "none") return GeoKind::kNone;
  return std::nullopt;
}

void Record::clear() {
  id.clear();
  ts = 0;
  lat.reset();
  lon.reset();
  geo = GeoKind::kNone;
  bbox.reset();
  place.clear();
  cc.clear();
  user.clear();
  name.clear();
  text.clear();
  lang.clear();
  tags.clear();
  rt = false;
  src.clear();
  type.clear();
  author_location.clear();
  author_time_zone.clear();
  author_utc_offset_s.reset();
}

void append_record_json(const Record& r, std::string& out) {
  using namespace std::string_view_literals;  // literals of known length: no strlen per piece
  out += "{\"id\":"sv;
  append_json_string(r.id, out);
  if (!r.type.empty()) {
    out += ",\"type\":"sv;
    append_json_string(r.type, out);
  }
  out += ",\"ts\":"sv;
  append_json_int(r.ts, out);
  if (r.has_position()) {
    out += ",\"lat\":"sv;
    append_json_number(*r.lat, out);
    out += ",\"lon\":"sv;
    append_json_number(*r.lon, out);
  }
  out += ",\"geo\":\""sv;
  out += geo_kind_name(r.geo);
  out += '"';
  if (r.bbox) {
    out += ",\"bbox\":["sv;
    for (size_t i = 0; i < 4; ++i) {
      if (i) out += ',';
      append_json_number((*r.bbox)[i], out);
    }
    out += ']';
  }
  // `key` is the whole ',"key":' prefix.
  auto field = [&out](std::string_view key, const std::string& v) {
    if (v.empty()) return;
    out += key;
    append_json_string(v, out);
  };
  field(",\"place\":"sv, r.place);
  field(",\"cc\":"sv, r.cc);
  field(",\"user\":"sv, r.user);
  field(",\"name\":"sv, r.name);
  out += ",\"text\":"sv;
  append_json_string(r.text, out);
  field(",\"lang\":"sv, r.lang);
  out += ",\"tags\":["sv;
  for (size_t i = 0; i < r.tags.size(); ++i) {
    if (i) out += ',';
    append_json_string(r.tags[i], out);
  }
  out += r.rt ? "],\"rt\":true"sv : "],\"rt\":false"sv;
  field(",\"src\":"sv, r.src);
  out += "}\n"sv;
}

namespace {

using simdjson::ondemand::json_type;

Status read_record_fields(simdjson::ondemand::object obj, Record& out) {
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
    if (key == "id") {
      if (t == json_type::string) {
        ok = get_string(out.id);
      } else {
        std::string_view raw;
        ok = !value.raw_json_token().get(raw);
        out.id.assign(raw);
      }
    } else if (key == "ts") {
      int64_t v = 0;
      if (value.get_int64().get(v)) {
        double d = 0;
        // Not an int64 (e.g. 1.4472e12): a number is fine, but only inside int64's range.
        ok = !value.get_double().get(d) && d >= -0x1p63 && d < 0x1p63;
        v = ok ? static_cast<int64_t>(d) : 0;
      }
      out.ts = v;
    } else if (key == "lat" || key == "lon") {
      double d = 0;
      ok = !value.get_double().get(d);
      (key == "lat" ? out.lat : out.lon) = d;
    } else if (key == "geo") {
      std::string_view sv;
      ok = !value.get_string().get(sv);
      if (ok) out.geo = geo_kind_from_name(sv).value_or(GeoKind::kNone);
    } else if (key == "bbox") {
      simdjson::ondemand::array arr;
      ok = !value.get_array().get(arr);
      BBox b{};
      size_t i = 0;
      if (ok) {
        for (auto el : arr) {
          double d;
          if (i >= 4 || el.get_double().get(d)) {
            ok = false;
            break;
          }
          b[i++] = d;
        }
      }
      if (ok && i == 4) out.bbox = b;
    } else if (key == "place") {
      ok = get_string(out.place);
    } else if (key == "cc") {
      ok = get_string(out.cc);
    } else if (key == "user") {
      ok = get_string(out.user);
    } else if (key == "name") {
      ok = get_string(out.name);
    } else if (key == "text") {
      ok = get_string(out.text);
    } else if (key == "lang") {
      ok = get_string(out.lang);
    } else if (key == "tags") {
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
    } else if (key == "rt") {
      bool b = false;
      ok = !value.get_bool().get(b);
      out.rt = b;
    } else if (key == "src") {
      ok = get_string(out.src);
    } else if (key == "type") {
      ok = get_string(out.type);
    }
    if (!ok) return parse_error(fmt::format("bad value for field \"{}\"", key));
  }
  return Status::ok();
}

}  // namespace

Status RecordParser::parse(std::string_view line, Record& out, bool padded) {
  out.clear();
  simdjson::ondemand::document doc;
  if (auto err = iterate_padded(parser_, buffer_, line, padded).get(doc))
    return parse_error(simdjson::error_message(err));
  simdjson::ondemand::object obj;
  if (doc.get_object().get(obj)) return parse_error("not a JSON object");
  Status st = read_record_fields(obj, out);
  if (!st) return st;
  // Trailing garbage after the object is a malformed line.
  const char* rest = nullptr;
  if (doc.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) {
    return parse_error("trailing content after JSON object");
  }
  return Status::ok();
}

}  // namespace tweetmap
