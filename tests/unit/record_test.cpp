#include "core/record.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>

using namespace tweetmap;

TEST_CASE("record writer: field order, omission and escaping") {
  Record r;
  r.id = "664239896698208256";
  r.ts = 1447202107010;
  r.lat = 55.3753;
  r.lon = 13.1576;
  r.geo = GeoKind::kPoint;
  r.bbox = BBox{12.968336, 55.136571, 13.538041, 55.510836};
  r.place = "Trelleborg, Sverige";
  r.cc = "SE";
  r.user = "Map_Game";
  r.name = "MapGame";
  r.text = "Line\n\"quoted\" \\ tab\t\x01";
  r.lang = "en";
  r.tags = {"trelleborg"};
  r.src = "replay";
  std::string out;
  append_record_json(r, out);
  CHECK(
      out ==
      "{\"id\":\"664239896698208256\",\"ts\":1447202107010,\"lat\":55.3753,\"lon\":13.1576,"
      "\"geo\":\"point\",\"bbox\":[12.968336,55.136571,13.538041,55.510836],"
      "\"place\":\"Trelleborg, Sverige\",\"cc\":\"SE\",\"user\":\"Map_Game\",\"name\":\"MapGame\","
      "\"text\":\"Line\\n\\\"quoted\\\" \\\\ "
      "tab\\t\\u0001\",\"lang\":\"en\",\"tags\":[\"trelleborg\"],"
      "\"rt\":false,\"src\":\"replay\"}\n");
}

TEST_CASE("record writer: unknown position omitted, invalid UTF-8 repaired") {
  Record r;
  r.id = "1";
  r.text = std::string(
      "a\xff"
      "b");
  std::string out;
  append_record_json(r, out);
  CHECK(out ==
        "{\"id\":\"1\",\"ts\":0,\"geo\":\"none\",\"text\":\"a\xEF\xBF\xBD"
        "b\",\"tags\":[],\"rt\":false}\n");
}

TEST_CASE("record parser round-trips the writer") {
  Record r;
  r.id = "18446744073709551615";
  r.ts = 1447202107010;
  r.lat = -33.5;
  r.lon = 179.25;
  r.geo = GeoKind::kPlace;
  r.bbox = BBox{177, -18, -178, -16};
  r.text = "\xF0\x9F\x98\x80 emoji";
  r.tags = {"a", "b"};
  r.rt = true;
  r.src = "synth";
  r.rules = {"quakes", "tweetmap:\u00e9"};
  std::string line;
  append_record_json(r, line);
  line.pop_back();
  RecordParser p;
  Record back;
  REQUIRE(p.parse(line, back).is_ok());
  std::string again;
  append_record_json(back, again);
  again.pop_back();
  CHECK(again == line);
  CHECK(back.rules == r.rules);
}

TEST_CASE("record parser rejects malformed lines") {
  RecordParser p;
  Record r;
  CHECK_FALSE(p.parse("{\"id\":\"1\"", r).is_ok());
  CHECK_FALSE(p.parse("[1,2]", r).is_ok());
  CHECK_FALSE(p.parse("{\"id\":\"1\"} x", r).is_ok());
  CHECK(p.parse("{\"type\":\"trends\",\"id\":\"t1\"}", r).is_ok());
  CHECK(r.type == "trends");
}

namespace {
// The plain byte-at-a-time escaper the writer must agree with (valid UTF-8 input).
std::string reference_json_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
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
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}
}  // namespace

TEST_CASE("record writer: string escaping agrees with a byte-by-byte escaper at every offset") {
  // The writer scans 8 bytes at a time: put each special byte at every position of strings
  // shorter and longer than a word, next to ASCII and to multi-byte UTF-8.
  const std::string specials[] = {
      "\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
      " "};
  for (size_t len = 0; len <= 33; ++len) {
    for (size_t at = 0; at <= len; ++at) {
      for (const auto& sp : specials) {
        std::string s(len, 'a');
        s.insert(at, sp);
        std::string out = "x";
        append_json_string(s, out);
        REQUIRE(out == "x" + reference_json_string(s));
      }
    }
  }
  // Invalid UTF-8 after a long ASCII run is still repaired.
  std::string out;
  append_json_string(std::string(20, 'a') + "\xFF\"", out);
  CHECK(out == "\"" + std::string(20, 'a') + "\xEF\xBF\xBD\\\"\"");
}

TEST_CASE("record writer: numbers are fmt's shortest round-trip text, also on the short path") {
  // Short decimals (coordinates) are written without fmt; the text must not differ. Checked on
  // decimals of 0..10 fractional digits, their midpoints (box centres), arbitrary doubles and the
  // edges of the short path.
  auto written = [](double v) {
    std::string out;
    append_json_number(v, out);
    return out;
  };
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> coord(-180, 180), wide(-2e6, 2e6), tiny(-1e-3, 1e-3);
  for (int i = 0; i < 200000; ++i) {
    int digits = i % 11;
    double scale = std::pow(10.0, digits);
    double a = std::round(coord(rng) * scale) / scale;
    double b = std::round(coord(rng) * scale) / scale;
    for (double v : {a, (a + b) / 2, wide(rng), std::round(wide(rng) * scale) / scale, tiny(rng),
                     std::round(tiny(rng) * 1e8) / 1e8})
      REQUIRE(written(v) == fmt::format("{}", v == 0 ? 0.0 : v));
  }
  for (double v : {1e-4, -1e-4, 9.9999e-5, 0.00012345678, 999999.99999999, 1e6, -1e6, 1e6 - 1, 0.5,
                   -0.5, 41.0, 180.0, -180.0, 0.1 + 0.2, 12.30000001, 1e-8, 123456.0})
    CHECK(written(v) == fmt::format("{}", v));
  CHECK(written(-0.0) == "0");
  CHECK(written(NAN) == "0");
}
