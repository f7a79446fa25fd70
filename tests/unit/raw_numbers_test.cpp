// The raw coordinate readers against simdjson itself: whatever they accept, simdjson reads to the
// same doubles (bit for bit) and the same shape; the rest they decline.
#include "source/raw_numbers.hpp"

#include <doctest/doctest.h>
#include <simdjson.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace tweetmap;
namespace od = simdjson::ondemand;

namespace {

// `text` followed by simdjson's padding (the readers may look one byte past an array's end).
struct Padded {
  explicit Padded(std::string_view text) : buf(text) {
    buf.append(simdjson::SIMDJSON_PADDING, ' ');
  }
  const char* begin() const { return buf.data(); }
  const char* end() const { return buf.data() + buf.size() - simdjson::SIMDJSON_PADDING; }
  std::string buf;
};

// A JSON value as simdjson's On-Demand API reads it: nested arrays of get_double numbers.
struct Nested {
  bool number = false;
  double value = 0;
  std::vector<Nested> items;
};

simdjson::error_code read_nested(od::value v, Nested& out) {
  od::json_type t;
  SIMDJSON_TRY(v.type().get(t));
  if (t != od::json_type::array) {
    out.number = true;
    return v.get_double().get(out.value);
  }
  od::array arr;
  SIMDJSON_TRY(v.get_array().get(arr));
  for (auto item : arr) {
    od::value x;
    SIMDJSON_TRY(item.get(x));
    out.items.emplace_back();
    SIMDJSON_TRY(read_nested(x, out.items.back()));
  }
  return simdjson::SUCCESS;
}

// simdjson's reading of the array `text` (a whole document), or false when it fails.
bool simdjson_reads(std::string_view text, Nested& out) {
  static od::parser parser;
  simdjson::padded_string doc(text);
  od::document d;
  od::array arr;
  if (parser.iterate(doc).get(d) != simdjson::SUCCESS || d.get_array().get(arr)) return false;
  for (auto item : arr) {
    od::value x;
    if (item.get(x) != simdjson::SUCCESS) return false;
    out.items.emplace_back();
    if (read_nested(x, out.items.back()) != simdjson::SUCCESS) return false;
  }
  const char* after = nullptr;  // nothing after the array: no location left
  return d.current_location().get(after) == simdjson::OUT_OF_BOUNDS;
}

bool same_bits(double a, double b) {
  return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}

// What simdjson's get_double makes of `number` (as the only element of an array).
bool simdjson_double(std::string_view number, double& out) {
  Nested n;
  if (!simdjson_reads("[" + std::string(number) + "]", n) || n.items.size() != 1 ||
      !n.items[0].number)
    return false;
  out = n.items[0].value;
  return true;
}

// Checks read_raw_number on `number`: a full read agrees with simdjson bit for bit. Returns
// whether it read the whole text.
bool check_number(const std::string& number) {
  CAPTURE(number);
  Padded in(number);
  double raw = 0;
  const char* end = json::read_raw_number(in.begin(), raw);
  if (end != in.end()) return false;
  double expected = 0;
  REQUIRE(simdjson_double(number, expected));
  CHECK(same_bits(raw, expected));
  return true;
}

// Checks the pair and ring readers on `text` against simdjson; returns {pair read, ring read}.
std::pair<bool, bool> check_arrays(std::string_view text) {
  CAPTURE(text);
  Padded in(text);
  Nested n;
  const bool simdjson_ok = simdjson_reads(text, n);
  double a = 0, b = 0;
  const char* pair_end = json::read_raw_pair(in.begin(), a, b);
  if (pair_end != nullptr) {
    CHECK(pair_end == in.end());
    REQUIRE(simdjson_ok);
    REQUIRE(n.items.size() == 2);
    CHECK((n.items[0].number && same_bits(n.items[0].value, a)));
    CHECK((n.items[1].number && same_bits(n.items[1].value, b)));
  }
  constexpr int kMax = 16;
  double lon[kMax], lat[kMax];
  int count = -1;
  const char* ring_end = json::read_raw_ring(in.begin(), lon, lat, kMax, count);
  if (ring_end != nullptr) {
    CHECK(ring_end == in.end());
    REQUIRE(simdjson_ok);
    REQUIRE(n.items.size() == 1);
    const auto& ring = n.items[0].items;
    REQUIRE(!ring.empty());
    CHECK(count == std::min<int>(static_cast<int>(ring.size()), kMax));
    for (size_t i = 0; i < ring.size(); ++i) {
      REQUIRE(ring[i].items.size() == 2);
      CHECK(ring[i].items[0].number);
      CHECK(ring[i].items[1].number);
      if (static_cast<int>(i) < count) {
        CHECK(same_bits(ring[i].items[0].value, lon[i]));
        CHECK(same_bits(ring[i].items[1].value, lat[i]));
      }
    }
  } else {
    CHECK(count == -1);  // untouched when declined
  }
  return {pair_end != nullptr, ring_end != nullptr};
}

std::filesystem::path shared_dir() {
  if (const char* env = std::getenv("TWEETMAP_SHARED"); env != nullptr && *env != '\0') return env;
  return std::filesystem::path(TWEETMAP_SOURCE_DIR) / ".." / "shared";
}

struct Found {
  int arrays = 0, pairs = 0, rings = 0;
};

// Every "coordinates" array in the JSON value `v`, checked where it lies in its document.
void visit_coordinates(od::value v, Found& found) {
  od::json_type t;
  if (v.type().get(t) != simdjson::SUCCESS) return;
  if (t == od::json_type::array) {
    od::array arr;
    if (v.get_array().get(arr) != simdjson::SUCCESS) return;
    for (auto item : arr) {
      od::value x;
      if (item.get(x) != simdjson::SUCCESS) return;
      visit_coordinates(x, found);
    }
    return;
  }
  if (t != od::json_type::object) return;
  od::object obj;
  if (v.get_object().get(obj) != simdjson::SUCCESS) return;
  for (auto fr : obj) {
    od::field f;
    if (std::move(fr).get(f) != simdjson::SUCCESS) return;
    od::value fv = f.value();
    std::string_view key;
    if (f.unescaped_key().get(key) != simdjson::SUCCESS) return;
    if (key == "coordinates" && fv.type().get(t) == simdjson::SUCCESS &&
        t == od::json_type::array) {
      const char* start = fv.raw_json_token().data();
      od::array arr;
      std::string_view text;
      if (fv.get_array().get(arr) != simdjson::SUCCESS || arr.raw_json().get(text)) return;
      REQUIRE(text.data() == start);
      // In place, inside the document (as the parsers use them) and on the array alone.
      double a = 0, b = 0, lon[16], lat[16];
      int n = 0;
      const char* pair_end = json::read_raw_pair(start, a, b);
      const char* ring_end = json::read_raw_ring(start, lon, lat, 16, n);
      auto [pair, ring] = check_arrays(text);
      CHECK(pair == (pair_end != nullptr));
      CHECK(ring == (ring_end != nullptr));
      if (pair) CHECK(pair_end == start + text.size());
      if (ring) CHECK(ring_end == start + text.size());
      ++found.arrays;
      found.pairs += pair;
      found.rings += ring;
      continue;
    }
    visit_coordinates(fv, found);
  }
}

}  // namespace

TEST_CASE("raw numbers: the coordinates X writes are read as simdjson reads them") {
  for (const char* s : {"0",
                        "-0",
                        "1",
                        "-1",
                        "12.968336",
                        "-43.795449",
                        "-23.083020",
                        "177.0",
                        "-178.0",
                        "0.000001",
                        "55.3753",
                        "25.68086267",
                        "-100.28835464",
                        "1e2",
                        "1E-2",
                        "-1.5e+3",
                        "2E+1",
                        "1e22",
                        "1e-22",
                        "9007199254740991",
                        "90.07199254740991",
                        "9007199254740991e-14",
                        "0e5",
                        "-0.0e-3"}) {
    CHECK_MESSAGE(check_number(s), std::string(s));
  }
  // The signs of zero survive.
  double d = 1;
  Padded minus_zero("-0");
  REQUIRE(json::read_raw_number(minus_zero.begin(), d) != nullptr);
  CHECK(std::signbit(d));
}

TEST_CASE("raw numbers: what simdjson rejects, or reads its own way, is declined") {
  // Not JSON numbers: simdjson rejects them (bad number or another type).
  for (const char* s : {"01", "-01", "00", "1.", ".5", "+1", "-", "--1", "1e", "1e+", "1E-", "NaN",
                        "Infinity", "-Infinity", "0x10", "", "e5", "-.5"}) {
    CAPTURE(std::string(s));
    Padded in(s);
    double d = 0;
    CHECK(json::read_raw_number(in.begin(), d) != in.end());  // "0x10": "0" at most
    double expected = 0;
    CHECK_FALSE(simdjson_double(s, expected));
  }
  // JSON numbers outside the exact fast path: simdjson's own answer (an error for 1e400,
  // its misreading of 0.1000000000000000055511151231257827) is kept by declining them.
  for (const char* s :
       {"1e400", "-1e400", "1e-400", "4.9e-324", "2.2250738585072011e-308",
        "1.7976931348623157e308", "1e23", "1e-23", "9007199254740992", "9007199254740993",
        "12345678901234567890", "123456789012345678901234567890",
        "0.1000000000000000055511151231257827", "0.95000000000000000000", "1.0000000000000002",
        "1e99999999999", "0.00000000000000000000001"}) {
    CAPTURE(std::string(s));
    Padded in(s);
    double d = 0;
    CHECK(json::read_raw_number(in.begin(), d) == nullptr);
  }
}

TEST_CASE("raw numbers: random JSON numbers agree with simdjson's get_double bit for bit") {
  std::mt19937_64 rng(20261202);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  int read = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string s;
    if (pick(2)) s += '-';
    const int int_digits = 1 + pick(pick(4) == 0 ? 20 : 4);
    for (int k = 0; k < int_digits; ++k)
      s += static_cast<char>('0' + (k == 0 ? 1 + pick(9) : pick(10)));
    if (pick(8) == 0) s = s.substr(0, s.size() - int_digits) + "0";
    if (pick(4) != 0) {
      s += '.';
      const int frac = 1 + pick(pick(4) == 0 ? 24 : 9);
      for (int k = 0; k < frac; ++k) s += static_cast<char>('0' + pick(10));
    }
    if (pick(4) == 0) {
      s += "eE"[pick(2)];
      if (pick(2)) s += "+-"[pick(2)];
      s += std::to_string(pick(pick(3) == 0 ? 400 : 30));
    }
    read += check_number(s);
  }
  MESSAGE(read << " of 200000 read without simdjson");
  CHECK(read > 100000);
}

TEST_CASE("raw pairs and rings: only plain arrays of numbers, as simdjson reads them") {
  struct Case {
    const char* text;
    bool pair, ring;
  } cases[] = {
      {"[1,2]", true, false},
      {"[ 1 , 2 ]", true, false},
      {"[\t1\n,\r2 ]", true, false},
      {"[-0,1e2]", true, false},
      {"[1,2,3]", false, false},
      {"[1]", false, false},
      {"[]", false, false},
      {"[1,\"2\"]", false, false},
      {"[1,null]", false, false},
      {"[1,2", false, false},
      {"[1 2]", false, false},
      {"[1,,2]", false, false},
      {"[01,2]", false, false},
      {"[1x,2]", false, false},
      {"[1e400,2]", false, false},
      {"[[1,2]]", false, false},
      {"null", false, false},
      {"[[[1,2]]]", false, true},
      {"[[[1,2],[1,3],[4,3],[4,2]]]", false, true},
      {"[[[1,2],[1,3],[4,3],[4,2],[1,2]]]", false, true},
      {" [[[1,2]]]", false, false},  // the readers start at the '[' simdjson points at
      {"[ [ [ 1 , 2 ] , [ 3 , 4 ] ] ]", false, true},
      {"[[[12.968336,55.136571],[12.968336,55.510836],[13.538041,55.510836],[13.538041,55.136571]]"
       "]",
       false, true},
      {"[[]]", false, false},
      {"[]", false, false},
      {"[[[1,2],[1,3]],[[2,2],[2,3]]]", false, false},  // holes go through simdjson
      {"[[[1,2],[1,3]],]", false, false},
      {"[[[1,2],[1,3],]]", false, false},
      {"[[[1,2][1,3]]]", false, false},
      {"[[[1,2,3]]]", false, false},
      {"[[[1]]]", false, false},
      {"[[[1,2]]", false, false},
      {"[[[1,2]}]", false, false},
      {"[[[1,2]],null]", false, false},
      {"[[[1,\"2\"]]]", false, false},
      {"[[[1e-23,2]]]", false, false},
      {"[[[0.1000000000000000055511151231257827,2]]]", false, false},
      // A number written as the one at its place in the point before is not read again: only
      // the same bytes ending the same way count, not a prefix, an extension or another spacing.
      {"[[[1.5,2],[1.5,2],[1.55,2],[1.5e1,2],[15,2],[1.5,2],[1.5 ,2],[-1.5,-2],[-1.5,-2]]]", false,
       true},
      {"[[[1.5,2],[1.5,20],[1.5,2.5],[1.5,2e1],[1.5,2E1],[1.5,2 ]]]", false, true},
      {"[[[1234567890.12345,2],[1234567890.12345,2],[12345678901234.5,2],[12345678901234.5,2]]]",
       false, true},
      {"[[[1.5,2],[1.5,2x]]]", false, false},
      {"[[[1.5,2],[1.5,,2]]]", false, false},
      {"[[[1.5,2],[1.5]]]", false, false},
      {"[[[1.5,2],[1.5,2]]", false, false},
  };
  for (const auto& c : cases) {
    auto [pair, ring] = check_arrays(c.text);
    CHECK_MESSAGE(pair == c.pair, c.text);
    CHECK_MESSAGE(ring == c.ring, c.text);
  }
  // More than `max` points: the first `max` are kept, all are read.
  std::string big = "[[";
  for (int i = 0; i < 30; ++i)
    big += (i ? ",[" : "[") + std::to_string(i) + ".5," + std::to_string(-i) + "]";
  big += "]]";
  Padded in(big);
  double lon[16], lat[16];
  int n = 0;
  REQUIRE(json::read_raw_ring(in.begin(), lon, lat, 16, n) == in.end());
  CHECK(n == 16);
  CHECK(lon[15] == 15.5);
  CHECK(lat[15] == -15);
  CHECK(check_arrays(big).second);
}

TEST_CASE("raw pairs and rings: every coordinates array of the test data and shared fixtures") {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(TWEETMAP_SOURCE_DIR) / "tests" / "data"))
    if (e.is_regular_file() && e.path().extension() == ".jsonl") files.push_back(e.path());
  const auto fixtures = shared_dir() / "fixtures";
  if (std::filesystem::is_directory(fixtures)) {
    for (const auto& e : std::filesystem::directory_iterator(fixtures))
      if (e.is_regular_file() && e.path().extension() == ".jsonl") files.push_back(e.path());
  } else {
    MESSAGE("shared fixtures not found: " << fixtures.string());
  }
  od::parser parser;
  Found found;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
      simdjson::padded_string doc(line);
      od::document d;
      od::value root;
      if (parser.iterate(doc).get(d) != simdjson::SUCCESS || d.get_value().get(root)) continue;
      visit_coordinates(root, found);
    }
  }
  MESSAGE(found.arrays << " coordinates arrays: " << found.pairs << " pairs and " << found.rings
                       << " rings read without simdjson");
  CHECK(found.pairs > 0);
  CHECK(found.rings > 0);
}
