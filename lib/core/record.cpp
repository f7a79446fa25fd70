#include "core/record.hpp"

#include <cstring>
#include <iterator>

#include "core/padded_parse.hpp"
#include "core/record_fields.hpp"

#include "core/json_string.hpp"

namespace tweetmap {

namespace {

// In the order of GeoKind.
constexpr std::string_view kGeoKindNames[] = {"none", "point", "place", "profile", "text"};
// In the order of GeoPrecision.
constexpr std::string_view kPrecisionNames[] = {"", "point", "city", "region", "country"};

}  // namespace

std::string_view geo_kind_name(GeoKind g) {
  const auto i = static_cast<size_t>(g);
  return i < std::size(kGeoKindNames) ? kGeoKindNames[i] : kGeoKindNames[0];
}

std::optional<GeoKind> geo_kind_from_name(std::string_view s) {
  for (size_t i = 0; i < std::size(kGeoKindNames); ++i)
    if (s == kGeoKindNames[i]) return static_cast<GeoKind>(i);
  return std::nullopt;
}

std::string_view geo_precision_name(GeoPrecision p) {
  const auto i = static_cast<size_t>(p);
  return i < std::size(kPrecisionNames) ? kPrecisionNames[i] : kPrecisionNames[0];
}

GeoPrecision geo_precision_from_name(std::string_view s) {
  for (size_t i = 1; i < std::size(kPrecisionNames); ++i)
    if (s == kPrecisionNames[i]) return static_cast<GeoPrecision>(i);
  return GeoPrecision::kNone;
}

void Record::clear() {
  id.clear();
  ts = 0;
  lat.reset();
  lon.reset();
  geo = GeoKind::kNone;
  prec = GeoPrecision::kNone;
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
  rules.clear();
  type.clear();
  author_location.clear();
  author_time_zone.clear();
  author_utc_offset_s.reset();
}

namespace {

// The longest text of a record apart from its strings: the keys and punctuation of every field
// and the geo kind and precision (188 bytes), the integer and six numbers (kJsonNumberBound each).
// A field added to append_record_json must be counted here (or, for a string, in its bound below):
// everything is written into room made from this bound.
constexpr size_t kRecordFixedBound = 208 + 7 * kJsonNumberBound;

size_t strings_bound(const std::vector<std::string>& v) {
  size_t n = 0;
  for (const auto& s : v) n += json_string_bound(s.size()) + 1;  // and its comma
  return n;
}

}  // namespace

void append_record_json(const Record& r, std::string& out) {
  using namespace std::string_view_literals;  // literals of known length: no strlen per piece
  // Room for the longest text the record can give is made once; everything is then written
  // through a pointer and the string cut to what was written.
  size_t bound = kRecordFixedBound + strings_bound(r.tags) + strings_bound(r.rules);
  for (const std::string* s :
       {&r.id, &r.type, &r.place, &r.cc, &r.user, &r.name, &r.text, &r.lang, &r.src})
    bound += json_string_bound(s->size());
  const size_t at = out.size();
  out.resize(at + bound);
  char* d = out.data() + at;
  auto lit = [&d](std::string_view piece) {
    std::memcpy(d, piece.data(), piece.size());
    d += piece.size();
  };
  auto list = [&d, &lit](const std::vector<std::string>& v) {
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) *d++ = ',';
      d = write_json_string(v[i], d);
    }
    lit("]"sv);
  };
  // `key` is the whole ',"key":' prefix.
  auto field = [&d, &lit](std::string_view key, const std::string& v) {
    if (v.empty()) return;
    lit(key);
    d = write_json_string(v, d);
  };
  lit("{\"id\":"sv);
  d = write_json_string(r.id, d);
  field(",\"type\":"sv, r.type);
  lit(",\"ts\":"sv);
  d = write_json_int(r.ts, d);
  if (r.has_position()) {
    lit(",\"lat\":"sv);
    d = write_json_number(*r.lat, d);
    lit(",\"lon\":"sv);
    d = write_json_number(*r.lon, d);
  }
  lit(",\"geo\":\""sv);
  lit(geo_kind_name(r.geo));
  *d++ = '"';
  if (r.prec != GeoPrecision::kNone && (r.geo == GeoKind::kProfile || r.geo == GeoKind::kText)) {
    lit(",\"prec\":\""sv);
    lit(geo_precision_name(r.prec));
    *d++ = '"';
  }
  if (r.bbox) {
    lit(",\"bbox\":["sv);
    for (size_t i = 0; i < 4; ++i) {
      if (i) *d++ = ',';
      d = write_json_number((*r.bbox)[i], d);
    }
    *d++ = ']';
  }
  field(",\"place\":"sv, r.place);
  field(",\"cc\":"sv, r.cc);
  field(",\"user\":"sv, r.user);
  field(",\"name\":"sv, r.name);
  lit(",\"text\":"sv);
  d = write_json_string(r.text, d);
  field(",\"lang\":"sv, r.lang);
  lit(",\"tags\":["sv);
  list(r.tags);
  lit(r.rt ? ",\"rt\":true"sv : ",\"rt\":false"sv);
  field(",\"src\":"sv, r.src);
  if (!r.rules.empty()) {
    lit(",\"rules\":["sv);
    list(r.rules);
  }
  lit("}\n"sv);
  out.resize(static_cast<size_t>(d - out.data()));
}

namespace {

Status read_record_fields(simdjson::ondemand::object obj, Record& out) {
  using namespace record_fields;
  return for_each_field(obj, [&out](std::string_view key, auto& value, json_type t) {
    if (key == "id") {
      if (t == json_type::string) return read_string(value, out.id);
      std::string_view raw;
      const bool ok = !value.raw_json_token().get(raw);
      out.id.assign(raw);
      return ok;
    }
    if (key == "ts") return read_ts(value, out.ts);
    if (key == "lat") return read_coordinate(value, out.lat);
    if (key == "lon") return read_coordinate(value, out.lon);
    if (key == "geo") return read_geo(value, out.geo);
    if (key == "prec") return read_precision(value, out.prec);
    if (key == "bbox") {
      simdjson::ondemand::array arr;
      if (value.get_array().get(arr)) return false;
      BBox b{};
      size_t i = 0;
      for (auto el : arr) {
        double d;
        if (i >= 4 || el.get_double().get(d)) return false;
        b[i++] = d;
      }
      if (i == 4) out.bbox = b;
      return true;
    }
    if (key == "place") return read_string(value, out.place);
    if (key == "cc") return read_string(value, out.cc);
    if (key == "user") return read_string(value, out.user);
    if (key == "name") return read_string(value, out.name);
    if (key == "text") return read_string(value, out.text);
    if (key == "lang") return read_string(value, out.lang);
    if (key == "tags") return read_tags(value, out.tags);
    if (key == "rules") return read_tags(value, out.rules);
    if (key == "rt") return read_bool(value, out.rt);
    if (key == "src") return read_string(value, out.src);
    if (key == "type") return read_string(value, out.type);
    return true;
  });
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
