// Jetstream event lines through PostParser (lib/source/jetstream_post.cpp): posts, the time rule,
// tags, non-post events and broken lines.
#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "source/jetstream_post.hpp"
#include "source/post_parser.hpp"

using namespace tweetmap;

namespace {

std::vector<std::string> data_lines() {
  std::ifstream in(std::string(TWEETMAP_SOURCE_DIR) + "/tests/data/parsers/jetstream.jsonl");
  REQUIRE(in.good());
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

struct Parsed {
  ParsedLine line;
  std::vector<Record> records;
};

Parsed parse(const std::string& json) {
  static PostParser parser("replay");
  Parsed p;
  p.line = parser.parse(json, false, p.records);
  return p;
}

}  // namespace

TEST_CASE("jetstream: a post commit becomes a record") {
  auto lines = data_lines();
  Parsed p = parse(lines[0]);
  REQUIRE_MESSAGE(p.line.kind == LineKind::kPosts, p.line.message);
  REQUIRE(p.records.size() == 1);
  const Record& r = p.records[0];
  CHECK(r.id == "at://did:plc:eygmaihciaxprqvxpfvl6flk/app.bsky.feed.post/3l3qo2vuowo2b");
  CHECK(r.user == "did:plc:eygmaihciaxprqvxpfvl6flk");
  CHECK(r.ts == 1725911162102);  // createdAt, not time_us
  CHECK(r.text == "Sol em Lisboa hoje #Lisboa #VERAO");
  CHECK(r.lang == "pt");  // the first of langs
  // Tag facets in order, then the record's tags; case-folded, de-duplicated; links ignored.
  CHECK(r.tags == std::vector<std::string>{"lisboa", "verao", "portugal"});
  CHECK_FALSE(r.rt);
  CHECK(r.src == "replay");
  CHECK_FALSE(r.has_position());
}

TEST_CASE("jetstream: identity, account, likes, deletes and edits are control lines") {
  auto lines = data_lines();
  const char* want[] = {"identity", "account", "commit", "delete", "update"};
  for (int i = 0; i < 5; ++i) {
    Parsed p = parse(lines[1 + i]);
    CHECK_MESSAGE(p.line.kind == LineKind::kControl, lines[1 + i]);
    CHECK(p.line.control == want[i]);
    CHECK(p.records.empty());
  }
}

TEST_CASE("jetstream: ts falls back to time_us when createdAt is missing or far off") {
  auto lines = data_lines();
  Record missing = parse(lines[6]).records.at(0);
  CHECK(missing.ts == 1725911163000);
  CHECK(missing.lang.empty());                                        // langs: []
  CHECK(missing.text.find("\xF0\x9F\x8C\x8D") != std::string::npos);  // surrogate pair decoded
  CHECK(parse(lines[7]).records.at(0).ts == 1725911164000);           // createdAt in 2031
  CHECK(parse(lines[9]).records.at(0).ts == 1725911166000);           // createdAt in 2014
  // +02:00: two hours before the relay time, within the window, so createdAt (in UTC).
  Record offset = parse(lines[10]).records.at(0);
  CHECK(offset.ts == 1725903966900);
  CHECK(offset.tags.empty());  // "#Tag" in the text without a facet is no tag
}

TEST_CASE("jetstream: the time rule at its edges") {
  using post_detail::jetstream_post_time;
  const int64_t us = 1725911162000000, ms = us / 1000;
  CHECK(jetstream_post_time(ms - post_detail::kCreatedAtMaxPastMs, us) ==
        ms - post_detail::kCreatedAtMaxPastMs);
  CHECK(jetstream_post_time(ms - post_detail::kCreatedAtMaxPastMs - 1, us) == ms);
  CHECK(jetstream_post_time(ms + post_detail::kCreatedAtMaxFutureMs, us) ==
        ms + post_detail::kCreatedAtMaxFutureMs);
  CHECK(jetstream_post_time(ms + post_detail::kCreatedAtMaxFutureMs + 1, us) == ms);
  CHECK(jetstream_post_time(std::nullopt, us) == ms);
  CHECK(jetstream_post_time(12345, 0) == 12345);
  CHECK(jetstream_post_time(std::nullopt, 0) == -1);
}

TEST_CASE("jetstream: broken events are malformed, never half a record") {
  auto lines = data_lines();
  Parsed none = parse(lines[8]);
  CHECK(none.line.kind == LineKind::kMalformed);
  CHECK(none.line.message == "post commit without record");
  Parsed cut = parse(lines[11]);
  CHECK(cut.line.kind == LineKind::kMalformed);
  CHECK(cut.records.empty());
  CHECK(parse(R"({"did":"did:plc:x","time_us":1})").line.message == "Jetstream event without kind");
  CHECK(
      parse(R"({"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post",)"
            R"("record":{"text":"x"}}})")
          .line.message == "no post id");
  CHECK(parse(R"({"did":"did:plc:x","kind":"commit","commit":{"operation":"create",)"
              R"("collection":"app.bsky.feed.post","rkey":"r","record":{"text":"x"}}})")
            .line.message == "no createdAt and no time_us");
  CHECK(parse(R"({"did":"did:plc:x","time_us":"soon","kind":"commit"})").line.kind ==
        LineKind::kMalformed);
  CHECK(parse(R"({"did":"did:plc:x","time_us":1,"kind":"identity"} {})").line.kind ==
        LineKind::kMalformed);
}

TEST_CASE("jetstream: an X post that has a did field later is still an X post") {
  Parsed p = parse(R"({"id_str":"1","text":"hi","did":"x","kind":"commit"})");
  REQUIRE(p.line.kind == LineKind::kPosts);
  CHECK(p.records.at(0).id == "1");
}
