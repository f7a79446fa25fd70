#include "core/record.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>
#include <utf8proc.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

#include "core/json_string.hpp"

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
  rules.clear();
  type.clear();
  author_location.clear();
  author_time_zone.clear();
  author_utc_offset_s.reset();
}

namespace {

constexpr char kHex[] = "0123456789abcdef";

// 1 for the bytes a JSON string cannot hold as they are: controls, '"' and '\\'.
constexpr auto kNeedsEscape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

uint64_t load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// Non-zero when one of the 8 bytes of `w` is below 0x20, '"' or '\\' (exact for the whole word:
// bytes >= 0x80 never count).
uint64_t special_bytes(uint64_t w) {
  uint64_t quote = w ^ (kOnes * '"');
  uint64_t slash = w ^ (kOnes * '\\');
  return ((w - kOnes * 0x20) | (quote - kOnes) | (slash - kOnes)) & ~w & kHighBits;
}

// Offset of the first byte of `s` needing an escape (s.size() when none); `ascii` tells whether
// every byte before that offset (or in all of `s`) is ASCII.
size_t scan_plain(std::string_view s, bool& ascii) {
  const char* p = s.data();
  size_t n = s.size(), i = 0;
  uint64_t high = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = load8(p + i);
    if (special_bytes(w)) break;
    high |= w;
  }
  for (; i < n; ++i) {
    auto c = static_cast<unsigned char>(p[i]);
    if (kNeedsEscape[c]) break;
    high |= c;
  }
  ascii = (high & kHighBits) == 0;
  return i;
}

// Escapes an already valid UTF-8 string body (no quotes); `from` is where the first byte needing
// an escape is (s.size() when there is none).
void append_escaped_valid(std::string_view s, size_t from, std::string& out) {
  size_t run = 0;
  for (size_t i = from; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (!kNeedsEscape[c]) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
        out.append(esc, 6);
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
}

// Replaces each invalid UTF-8 sequence by U+FFFD.
std::string repair_utf8(std::string_view s) {
  std::string fixed;
  fixed.reserve(s.size() + 8);
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {
      fixed += "\xEF\xBF\xBD";
      n = 1;
    } else {
      fixed.append(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
    }
    p += n;
    left -= n;
  }
  return fixed;
}

void append_int(int64_t v, std::string& out) {
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, static_cast<size_t>(end - buf));
}

}  // namespace

void append_json_string(std::string_view s, std::string& out) {
  bool ascii = true;
  size_t special = scan_plain(s, ascii);
  if (ascii && special == s.size()) {
    // The common case: plain ASCII, copied in one go.
    size_t at = out.size();
    out.resize(at + s.size() + 2);
    char* d = out.data() + at;
    d[0] = '"';
    std::memcpy(d + 1, s.data(), s.size());
    d[s.size() + 1] = '"';
    return;
  }
  out += '"';
  if (simdjson::validate_utf8(s.data(), s.size())) {
    append_escaped_valid(s, special, out);
  } else {
    std::string fixed = repair_utf8(s);
    append_escaped_valid(fixed, 0, out);
  }
  out += '"';
}

namespace {

// Coordinates have few decimals. When v is the double nearest to a decimal with at most 8
// fractional digits (n / 10^8, checked by dividing back: the division rounds exactly as parsing
// the decimal would), and |v| < 10^6 (so that two such decimals are further apart than two
// doubles), that decimal is v's unique shortest round-trip form. It is written here directly in
// the fixed notation fmt uses for 10^-4 <= |v| < 10^16, so the text is the same as fmt's. Null
// when v is not such a number.
char* write_short_decimal(double v, char* out) {
  constexpr double kScale = 1e8;
  constexpr int kDigits = 8;
  double a = std::fabs(v);
  if (!(a >= 1e-4 && a < 1e6)) return nullptr;
  double scaled = std::nearbyint(a * kScale);
  if (scaled / kScale != a) return nullptr;
  auto n = static_cast<uint64_t>(scaled);
  uint64_t whole = n / 100000000, frac = n % 100000000;
  if (v < 0) *out++ = '-';
  out = std::to_chars(out, out + 8, whole).ptr;
  if (frac == 0) return out;
  int digits = kDigits;
  while (frac % 10 == 0) {
    frac /= 10;
    --digits;
  }
  *out++ = '.';
  for (int i = digits - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  return out + digits;
}

}  // namespace

void append_json_number(double v, std::string& out) {
  if (!std::isfinite(v)) v = 0;
  if (v == 0) v = 0;  // normalizes -0 to 0
  char buf[32];
  char* end = write_short_decimal(v, buf);
  // The compiled "{}" gives the same shortest round-trip text as the runtime one, without
  // parsing the format string for every number.
  if (end == nullptr) end = fmt::format_to(buf, FMT_COMPILE("{}"), v);
  out.append(buf, static_cast<size_t>(end - buf));
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
  append_int(r.ts, out);
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
  if (!r.rules.empty()) {
    out += ",\"rules\":["sv;
    for (size_t i = 0; i < r.rules.size(); ++i) {
      if (i) out += ',';
      append_json_string(r.rules[i], out);
    }
    out += ']';
  }
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
    // Strings follow docs/RECORD.md (Text): an unpaired surrogate escape becomes U+FFFD.
    auto get_string = [&](std::string& dst) -> bool {
      simdjson::ondemand::value v;
      return !value.get(v) && !get_string_lenient(v, dst);
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
    } else if (key == "tags" || key == "rules") {
      auto& dst = key == "tags" ? out.tags : out.rules;
      simdjson::ondemand::array arr;
      ok = !value.get_array().get(arr);
      if (ok) {
        for (auto el : arr) {
          simdjson::ondemand::value item;
          std::string tag;
          if (el.get(item) || get_string_lenient(item, tag)) {
            ok = false;
            break;
          }
          dst.push_back(std::move(tag));
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
  simdjson::error_code err;
  if (padded) {
    err = parser_.iterate(line.data(), line.size(), line.size() + simdjson::SIMDJSON_PADDING)
              .get(doc);
  } else {
    if (buffer_.size() < line.size()) buffer_ = simdjson::padded_string(line.size() * 2 + 64);
    std::memcpy(buffer_.data(), line.data(), line.size());
    err = parser_.iterate(buffer_.data(), line.size(), buffer_.size() + simdjson::SIMDJSON_PADDING)
              .get(doc);
  }
  if (err) return parse_error(simdjson::error_message(err));
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
