// Mastodon status lines through PostParser (lib/source/mastodon_status.cpp): the fields, reblogs,
// tags, the Location field, detection next to X lines and broken statuses.
#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "source/post_parser.hpp"

using namespace tweetmap;

namespace {

std::vector<std::string> data_lines() {
  std::ifstream in(std::string(TWEETMAP_SOURCE_DIR) + "/tests/data/parsers/mastodon.jsonl");
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

TEST_CASE("mastodon: the API documentation's status becomes a record") {
  Parsed p = parse(data_lines()[0]);
  REQUIRE_MESSAGE(p.line.kind == LineKind::kPosts, p.line.message);
  REQUIRE(p.records.size() == 1);
  const Record& r = p.records[0];
  CHECK(r.id == "https://mastodon.social/users/Gargron/statuses/103270115826048975");
  CHECK(r.ts == 1575776913901);  // 2019-12-08T03:48:33.901Z
  CHECK(r.user == "Gargron");
  CHECK(r.name == "Eugen");
  CHECK(r.lang == "en");
  CHECK(r.text ==
        "\"I lost my inheritance with one wrong digit on my sort code\"\n"
        "https://www.theguardian.com/money/2019/dec/07/"
        "i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code");
  CHECK(r.tags.empty());
  CHECK_FALSE(r.rt);
  CHECK(r.src == "replay");  // the parser's source name, as for X and Jetstream lines
  CHECK(r.geo == GeoKind::kNone);
  CHECK(r.author_location.empty());  // Patreon and Homepage are no locations
}

TEST_CASE("mastodon: tags from status.tags, mentions and links as text, the Location field") {
  Parsed p = parse(data_lines()[1]);
  REQUIRE(p.records.size() == 1);
  const Record& r = p.records[0];
  CHECK(r.user == "anna@chaos.social");
  CHECK(r.name == "Anna 🚲");
  CHECK(r.text == "Guten Morgen @Gargron!\nFahrrad & Kaffee in #Berlin #berlin #Fahrrad");
  CHECK(r.tags == std::vector<std::string>{"berlin", "fahrrad"});  // folded, de-duplicated
  CHECK(r.lang == "de");
  CHECK(r.author_location == "Berlin, Germany");
}

TEST_CASE("mastodon: a reblog is rt with the reblogged status' text, tags and language") {
  Parsed p = parse(data_lines()[2]);
  REQUIRE(p.records.size() == 1);
  const Record& r = p.records[0];
  CHECK(r.rt);
  CHECK(r.id == "https://mastodon.social/users/camille/statuses/110000000000000002/activity");
  CHECK(r.user == "camille");  // the one who reblogged, as for X's retweets
  CHECK(r.text == "Il pleut sur #Lyon 'aujourd'hui'");
  CHECK(r.tags == std::vector<std::string>{"lyon"});
  CHECK(r.lang == "fr");
  CHECK(r.ts == 1677665100000);         // the reblog's own created_at
  CHECK(r.author_location == "Paris");  // "Lieu", its HTML stripped
}

TEST_CASE("mastodon: keys in any order, offsets in created_at, a 所在地 field") {
  Parsed p = parse(data_lines()[3]);
  REQUIRE_MESSAGE(p.line.kind == LineKind::kPosts, p.line.message);
  const Record& r = p.records.at(0);
  CHECK(r.id == "https://mstdn.jp/users/taro/statuses/110500000000000003");
  CHECK(r.ts == 1686366000000);  // 12:00 +09:00 = 03:00Z
  CHECK(r.tags == std::vector<std::string>{"東京"});
  CHECK(r.author_location == "東京");
}

TEST_CASE("mastodon: a pin-emoji Localização field with HTML, the content warning is not text") {
  Parsed p = parse(data_lines()[6]);
  REQUIRE(p.records.size() == 1);
  CHECK(p.records[0].author_location == "Porto Alegre, Brasil");
  CHECK(p.records[0].text == "Chuva forte hoje\nCuidado nas ruas #PortoAlegre");
}

TEST_CASE("mastodon: broken statuses are malformed, with a reason") {
  auto lines = data_lines();
  Parsed no_uri = parse(lines[4]);
  CHECK(no_uri.line.kind == LineKind::kMalformed);
  CHECK(no_uri.line.message == "Mastodon status without uri");
  CHECK(no_uri.records.empty());
  Parsed bad_time = parse(lines[5]);
  CHECK(bad_time.line.kind == LineKind::kMalformed);
  CHECK(bad_time.line.message == "unreadable created_at \"yesterday\"");
  Parsed cut = parse(lines[7]);
  CHECK(cut.line.kind == LineKind::kMalformed);
  CHECK(cut.records.empty());
  Parsed wrong = parse(R"({"id":"1","uri":"u","created_at":"2023-01-01T00:00:00Z","tags":"x"})");
  CHECK(wrong.line.kind == LineKind::kMalformed);
}

TEST_CASE("mastodon: detected per line next to X and Jetstream lines") {
  // X's "id" is a number: still X. A string "id" first, or any key only a status has: Mastodon.
  Parsed x = parse(R"({"created_at":"Wed Nov 11 00:35:07 +0000 2015","id":1,"text":"x"})");
  REQUIRE(x.records.size() == 1);
  CHECK(x.records[0].src == "replay");
  Parsed x_id_first = parse(R"({"id":7,"id_str":"7","text":"x","timestamp_ms":"1"})");
  REQUIRE(x_id_first.records.size() == 1);
  CHECK(x_id_first.records[0].id == "7");
  Parsed m = parse(R"({"id":"9","created_at":"2023-01-01T00:00:00Z","uri":"https://a/9",)"
                   R"("content":"<p>hi</p>","account":{"acct":"a"}})");
  REQUIRE(m.records.size() == 1);
  CHECK(m.records[0].src == "replay");
  CHECK(m.records[0].text == "hi");
  Parsed late = parse(R"({"created_at":"2023-01-01T00:00:00Z","visibility":"public",)"
                      R"("uri":"https://a/10","content":"#Hi there"})");
  REQUIRE(late.records.size() == 1);
  CHECK(late.records[0].tags == std::vector<std::string>{"hi"});  // no tags key: from the text
}
