#include "trends/input.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

using namespace tweetmap;

namespace {

const std::string kLine =
    R"({"id":"17","ts":1700000000123,"lat":34.69,"lon":135.5,"geo":"point",)"
    R"("bbox":[135.3,34.6,135.7,34.8],"place":"Osaka, Japan","cc":"JP","user":"u","name":"N",)"
    R"("text":"Hello \"world\" #Matsuri","lang":"en","tags":["matsuri","osaka"],"rt":true,)"
    R"("src":"synth"})";

}  // namespace

TEST_CASE("trend input: fills the fields trends use and skips the rest") {
  TrendInputParser p(false);
  Record r;
  REQUIRE(p.parse(kLine, r));
  CHECK(r.ts == 1700000000123);
  CHECK(r.lat == 34.69);
  CHECK(r.lon == 135.5);
  CHECK(r.geo == GeoKind::kPoint);
  CHECK(r.place == "Osaka, Japan");
  CHECK(r.cc == "JP");
  CHECK(r.tags == std::vector<std::string>{"matsuri", "osaka"});
  CHECK(r.rt);
  CHECK(r.type.empty());
  CHECK(r.text.empty());
  CHECK(r.id.empty());
  CHECK(!r.bbox);
}

TEST_CASE("trend input: text and lang when words are counted, events keep their type") {
  TrendInputParser p(true);
  Record r;
  REQUIRE(p.parse(kLine, r));
  CHECK(r.text == "Hello \"world\" #Matsuri");
  CHECK(r.lang == "en");
  REQUIRE(p.parse(R"({"type":"trends","ts":5})", r));
  CHECK(r.type == "trends");
  CHECK(r.tags.empty());
}

TEST_CASE("trend input: malformed lines and fields of the wrong type are errors") {
  TrendInputParser p(false);
  Record r;
  CHECK(!p.parse("{", r));
  CHECK(!p.parse("[1]", r));
  CHECK(!p.parse(R"({"ts":1} x)", r));
  CHECK(!p.parse(R"({"ts":"soon"})", r));
  CHECK(!p.parse(R"({"ts":1e300})", r));  // outside int64's range
  CHECK(p.parse(R"({"ts":1.4472e12})", r));
  CHECK(r.ts == 1447200000000);
  CHECK(!p.parse(R"({"tags":["a",1]})", r));
  CHECK(!p.parse(R"({"user":5})", r));
  CHECK(!p.parse(R"({"text":[]})", r));
  CHECK(!p.parse(R"({"bbox":"x"})", r));
  CHECK(p.parse(R"({"ts":1,"user":null})", r));
}

TEST_CASE("trend input: fuzz regressions of the record parser are malformed here too") {
  const auto dir = std::filesystem::path(TWEETMAP_SOURCE_DIR) / "tests" / "data" / "regress";
  std::ifstream in(dir / "record-ts-out-of-range.jsonl", std::ios::binary);
  REQUIRE(in);
  TrendInputParser p(true);
  int n = 0;
  for (std::string line; std::getline(in, line); ++n) {
    CAPTURE(line);
    Record r;
    CHECK_FALSE(p.parse(line, r));
  }
  CHECK(n > 0);
}

TEST_CASE("trend input: a position out of range is dropped, the record kept") {
  TrendInputParser p(false);
  Record r;
  for (std::string_view line :
       {R"({"ts":1,"lat":999,"lon":999,"geo":"point","tags":["a"]})",
        R"({"ts":1,"lat":45,"lon":-180.5,"geo":"point"})", R"({"ts":1,"lat":-90.1,"lon":0})",
        R"({"ts":1,"lat":1e400,"lon":0})"}) {
    CAPTURE(line);
    Status st = p.parse(line, r);
    if (!st) continue;  // a number simdjson refuses (1e400) is a malformed line, also fine
    CHECK(p.bad_position());
    CHECK_FALSE(r.lat.has_value());
    CHECK_FALSE(r.lon.has_value());
    CHECK(r.ts == 1);
  }
  REQUIRE(p.parse(R"({"ts":2,"lat":90,"lon":-180,"geo":"point"})", r));
  CHECK_FALSE(p.bad_position());
  CHECK(r.lat == 90.0);
  CHECK(r.lon == -180.0);
}
