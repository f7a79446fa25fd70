// core/json_write: string and number text, and the object writer built on them.
#include "core/json_write.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <string>

using namespace tweetmap;

namespace {
// The plain byte-at-a-time escaper append_json_string must agree with (valid UTF-8 input).
std::string reference_json_string(std::string_view s) {
  static const std::map<unsigned char, std::string_view> kShort = {
      {'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\r', "\\r"},
      {'\t', "\\t"}, {'\b', "\\b"},  {'\f', "\\f"}};
  std::string out = "\"";
  for (unsigned char c : s) {
    if (auto it = kShort.find(c); it != kShort.end())
      out += it->second;
    else if (c < 0x20)
      out += fmt::format("\\u{:04x}", c);
    else
      out += static_cast<char>(c);
  }
  return out + "\"";
}
}  // namespace

TEST_CASE("json write: string escaping agrees with a byte-by-byte escaper at every offset") {
  // The writer scans 8 or 32 bytes at a time and ends with one overlapping load of the last 8 or
  // 32: put each special byte at every position of strings shorter and longer than one, two and
  // three blocks, next to ASCII and to multi-byte UTF-8, alone and before a second one.
  const std::string specials[] = {
      "\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
      " "};
  for (size_t len = 0; len <= 97; ++len) {
    for (size_t at = 0; at <= len; ++at) {
      for (const auto& sp : specials) {
        std::string s(len, 'a');
        s.insert(at, sp);
        std::string out = "x";
        append_json_string(s, out);
        REQUIRE(out == "x" + reference_json_string(s));
        // A second special byte further on: the first one is still the one found first.
        s.insert(s.size() - (len - at) / 2, "\"");
        out = "x";
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

TEST_CASE("json write: numbers are fmt's shortest round-trip text, also on the short path") {
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

TEST_CASE("json write: integers in decimal, extremes included") {
  std::string out;
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{1447202107010}, INT64_MIN, INT64_MAX}) {
    out.clear();
    append_json_int(v, out);
    CHECK(out == fmt::format("{}", v));
  }
}

TEST_CASE("json writer: commas between members and elements, none after a key") {
  std::string out = "x";
  JsonWriter w(out);
  w.begin_object().field("a", "1");
  w.key("b").begin_array().integer(1).number(2.5).boolean(true).null().end_array();
  w.key("c").begin_object().end_object();
  w.key("d").begin_array().begin_object().field("e", "").end_object().begin_array().end_array();
  w.end_array().key("f").raw("[1,2]").end_object();
  CHECK(out == R"(x{"a":"1","b":[1,2.5,true,null],"c":{},"d":[{"e":""},[]],"f":[1,2]})");
  CHECK(&w.out() == &out);
}

TEST_CASE("json writer: keys and strings escaped, numbers as append_json_number writes them") {
  std::string out;
  JsonWriter w(out);
  w.begin_object().field("k\"ey", "a\nb\x01\xFF").key("n").number(-0.0);
  w.key("m").number(1e-7).key("p").number(NAN).end_object();
  CHECK(out == "{\"k\\\"ey\":\"a\\nb\\u0001\xEF\xBF\xBD\",\"n\":0,\"m\":1e-07,\"p\":0}");
}

TEST_CASE("json writer: deep nesting keeps each level's comma state") {
  std::string out;
  JsonWriter w(out);
  constexpr int kDepth = 63;
  for (int i = 0; i < kDepth; ++i) w.begin_array().integer(i);
  for (int i = 0; i < kDepth; ++i) w.end_array().integer(i);
  std::string want;
  for (int i = 0; i < kDepth; ++i) want += (i ? "," : "") + std::string("[") + std::to_string(i);
  for (int i = 0; i < kDepth; ++i) want += "]," + std::to_string(i);
  CHECK(out == want);
}
