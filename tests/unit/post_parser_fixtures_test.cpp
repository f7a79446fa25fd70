// Parses the real recorded API output in ../shared/fixtures (when present) and checks counts
// derived from the files with jq (see docs/RECORD.md).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "source/post_parser.hpp"

using namespace tweetmap;

namespace {

std::filesystem::path shared_dir() {
  if (const char* env = std::getenv("TWEETMAP_SHARED"); env != nullptr && *env != '\0') return env;
  return std::filesystem::path(TWEETMAP_SOURCE_DIR) / ".." / "shared";
}

struct Counts {
  int lines = 0, posts_lines = 0, control = 0, blank = 0, malformed = 0;
  std::map<std::string, int> controls;
  std::vector<Record> records;
  std::vector<std::string> messages;
};

// Returns false (and the test skips) when the fixture folder is absent.
bool parse_fixture(const std::string& name, Counts& c) {
  auto path = shared_dir() / "fixtures" / name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    MESSAGE("skipped: " << path.string() << " not found");
    return false;
  }
  PostParser parser;
  std::string line;
  while (std::getline(in, line)) {
    ++c.lines;
    ParsedLine p = parser.parse(line, false, c.records);
    if (!p.message.empty()) c.messages.push_back(p.message);
    switch (p.kind) {
      case LineKind::kPosts:
        ++c.posts_lines;
        break;
      case LineKind::kControl:
        ++c.control;
        ++c.controls[p.control];
        break;
      case LineKind::kBlank:
        ++c.blank;
        break;
      case LineKind::kMalformed:
        ++c.malformed;
        break;
    }
  }
  return true;
}

int count_geo(const Counts& c, GeoKind g) {
  int n = 0;
  for (const auto& r : c.records) n += r.geo == g;
  return n;
}

}  // namespace

TEST_CASE("fixture: v1-world-stream-2015") {
  Counts c;
  if (!parse_fixture("v1-world-stream-2015.jsonl", c)) return;
  CHECK(c.lines == 283);
  CHECK(c.records.size() == 263);
  CHECK(c.controls["limit"] == 20);
  CHECK(c.malformed == 0);
  CHECK(count_geo(c, GeoKind::kPoint) == 36);  // jq: select(.id_str and .coordinates)
  CHECK(count_geo(c, GeoKind::kPlace) == 227);
  size_t tags = 0, emoji = 0, unescaped = 0;
  for (const auto& r : c.records) {
    tags += r.tags.size();
    CHECK(r.bbox.has_value());
    CHECK(r.ts > 1447200000000);
    // A character outside the BMP (a surrogate pair in the source) is 4 bytes, lead byte F0-F4.
    emoji += std::any_of(r.text.begin(), r.text.end(), [](char ch) {
      auto u = static_cast<unsigned char>(ch);
      return u >= 0xF0 && u <= 0xF4;
    });
    unescaped += r.text.find("&amp;") != std::string::npos;
  }
  CHECK(tags == 89);   // jq: [.entities.hashtags | length] | add
  CHECK(emoji == 60);  // jq: texts matching "[\\x{10000}-\\x{10FFFF}]"
  CHECK(unescaped == 0);
  CHECK(c.records[0].id == "664239896698208256");
  CHECK(c.records[0].ts == 1447202107010);
  CHECK(c.records[0].user == "Map_Game");
}

TEST_CASE("fixture: v1-control-messages-twitter4j") {
  Counts c;
  if (!parse_fixture("v1-control-messages-twitter4j.jsonl", c)) return;
  CHECK(c.records.size() == 3);
  CHECK(c.controls ==
        std::map<std::string, int>{{"delete", 1}, {"limit", 1}, {"scrub_geo", 1}, {"warning", 1}});
  CHECK(c.malformed == 0);
  CHECK(count_geo(c, GeoKind::kNone) == 3);  // "geo":null everywhere
  REQUIRE(c.messages.size() == 1);
  CHECK(c.messages[0].rfind("FALLING_BEHIND: ", 0) == 0);
}

TEST_CASE("fixture: v2-filtered-stream-twarc (last line cut off)") {
  Counts c;
  if (!parse_fixture("v2-filtered-stream-twarc.jsonl", c)) return;
  CHECK(c.lines == 8);
  CHECK(c.records.size() == 7);
  CHECK(c.malformed == 1);
  CHECK(count_geo(c, GeoKind::kPoint) == 2);
  CHECK(count_geo(c, GeoKind::kPlace) == 5);
  for (const auto& r : c.records) {
    CHECK_FALSE(r.user.empty());
    CHECK_FALSE(r.place.empty());
  }
}

TEST_CASE("fixture: v2-geo-tweets") {
  Counts c;
  if (!parse_fixture("v2-geo-tweets.jsonl", c)) return;
  REQUIRE(c.records.size() == 2);
  CHECK(c.records[0].geo == GeoKind::kPoint);
  CHECK(*c.records[0].lat == doctest::Approx(88.01785747));
  CHECK_FALSE(c.records[0].bbox);
  CHECK(c.records[1].geo == GeoKind::kPlace);
  CHECK(c.records[1].place == "Berlin, Germany");
  CHECK(c.records[1].text.find("Fields & Expansions") != std::string::npos);
}

TEST_CASE("fixture: v2-search-pages-withheld") {
  Counts c;
  if (!parse_fixture("v2-search-pages-withheld.jsonl", c)) return;
  CHECK(c.lines == 5);
  CHECK(c.posts_lines == 5);
  CHECK(c.records.size() == 215);
  CHECK(count_geo(c, GeoKind::kPoint) == 3);
  CHECK(count_geo(c, GeoKind::kPlace) == 27);
  int rts = 0;
  for (const auto& r : c.records) rts += r.rt;
  CHECK(rts == 83);               // jq: referenced_tweets[].type == "retweeted"
  CHECK(c.messages.size() == 3);  // the three pages that carry "errors"
}
