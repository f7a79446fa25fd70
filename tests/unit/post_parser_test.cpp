#include "source/post_parser.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace tweetmap;

namespace {

struct Parsed {
  ParsedLine line;
  std::vector<Record> records;
};

Parsed parse(std::string_view json, bool padded = false) {
  static PostParser parser("replay");
  Parsed p;
  if (padded) {
    std::string buf(json);
    buf.append(64, '\0');
    p.line = parser.parse(std::string_view(buf.data(), json.size()), true, p.records);
  } else {
    p.line = parser.parse(json, false, p.records);
  }
  return p;
}

Record one(std::string_view json) {
  Parsed p = parse(json);
  REQUIRE_MESSAGE(p.line.kind == LineKind::kPosts, p.line.message);
  REQUIRE(p.records.size() == 1);
  return p.records[0];
}

std::string read_data(const std::string& name) {
  std::ifstream in(std::string(TWEETMAP_SOURCE_DIR) + "/tests/data/parsers/" + name,
                   std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing tests/data/parsers/" << name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A v1.1 tweet with the given members spliced in (they come after id_str, as X orders them).
std::string v1(std::string_view members) {
  return std::string(R"({"created_at":"Wed Nov 11 00:35:07 +0000 2015","id":664239896698208256,)"
                     R"("id_str":"664239896698208256",)") +
         std::string(members) + "}";
}

}  // namespace

TEST_CASE("v1.1: a full tweet with exact coordinates and a place") {
  Record r = one(v1(
      R"("text":"Can you find Trelleborg? #Trelleborg","user":{"id":1,"id_str":"1","name":"MapGame","screen_name":"Map_Game","location":null},)"
      R"("geo":{"type":"Point","coordinates":[55.3753,13.1576]},"coordinates":{"type":"Point","coordinates":[13.1576,55.3753]},)"
      R"("place":{"id":"577d46bb6c84b55c","place_type":"city","name":"Trelleborg","full_name":"Trelleborg, Sverige","country_code":"SE",)"
      R"("bounding_box":{"type":"Polygon","coordinates":[[[12.968336,55.136571],[12.968336,55.510836],[13.538041,55.510836],[13.538041,55.136571]]]},"attributes":{}},)"
      R"("entities":{"hashtags":[{"text":"Trelleborg","indices":[25,36]}],"urls":[]},"lang":"en","timestamp_ms":"1447202107010")"));
  std::string out;
  append_record_json(r, out);
  CHECK(
      out ==
      R"({"id":"664239896698208256","ts":1447202107010,"lat":55.3753,"lon":13.1576,"geo":"point",)"
      R"("bbox":[12.968336,55.136571,13.538041,55.510836],"place":"Trelleborg, Sverige","cc":"SE",)"
      R"("user":"Map_Game","name":"MapGame","text":"Can you find Trelleborg? #Trelleborg","lang":"en",)"
      R"("tags":["trelleborg"],"rt":false,"src":"replay"})"
      "\n");
}

TEST_CASE("v1.1: coordinates [lon,lat] win over the reversed geo [lat,lon]") {
  Record r = one(v1(R"("text":"x","geo":{"type":"Point","coordinates":[-33.9,151.2]},)"
                    R"("coordinates":{"type":"Point","coordinates":[151.2,-33.9]})"));
  CHECK(r.geo == GeoKind::kPoint);
  CHECK(*r.lat == -33.9);
  CHECK(*r.lon == 151.2);
  // Only the deprecated geo field: still read as [lat, lon].
  r = one(
      v1(R"("text":"x","geo":{"type":"Point","coordinates":[-33.9,151.2]},"coordinates":null)"));
  CHECK(r.geo == GeoKind::kPoint);
  CHECK(*r.lat == -33.9);
  CHECK(*r.lon == 151.2);
}

TEST_CASE("v1.1: place only gives the box centre, across the antimeridian too") {
  Record r = one(v1(
      R"("text":"Bula","coordinates":null,"place":{"full_name":"Fiji","country_code":"FJ",)"
      R"("bounding_box":{"type":"Polygon","coordinates":[[[177.0,-20.0],[177.0,-12.0],[-178.0,-12.0],[-178.0,-20.0]]]}})"));
  CHECK(r.geo == GeoKind::kPlace);
  CHECK(*r.lon == doctest::Approx(179.5));
  CHECK(*r.lat == doctest::Approx(-16));
  CHECK(*r.bbox == BBox{177, -20, -178, -12});
  CHECK(r.place == "Fiji");
  CHECK(r.cc == "FJ");
}

TEST_CASE("v1.1: a point-sized place box is that point") {
  Record r = one(v1(
      R"("text":"poi","place":{"full_name":"Rich Custom Tattoo","country_code":"US","bounding_box":{"type":"Polygon",)"
      R"("coordinates":[[[-118.288254,34.169762],[-118.288254,34.169762],[-118.288254,34.169762],[-118.288254,34.169762]]]}})"));
  CHECK(r.geo == GeoKind::kPlace);
  CHECK(*r.lat == 34.169762);
  CHECK(*r.lon == -118.288254);
}

TEST_CASE("v1.1: no geo at all") {
  Record r = one(v1(R"("text":"x","geo":null,"coordinates":null,"place":null)"));
  CHECK(r.geo == GeoKind::kNone);
  CHECK_FALSE(r.has_position());
  CHECK_FALSE(r.bbox);
}

TEST_CASE("v1.1: extended_tweet supplies full text and entities") {
  Record r = one(v1(
      R"("text":"Short version… https://t.co/x","truncated":true,"entities":{"hashtags":[]},)"
      R"("extended_tweet":{"full_text":"The long version with #Tag1 &amp; #TAG2 and more","display_text_range":[0,50],)"
      R"("entities":{"hashtags":[{"text":"Tag1","indices":[22,27]},{"text":"TAG2","indices":[34,39]},{"text":"tag1","indices":[0,0]}]}})"));
  CHECK(r.text == "The long version with #Tag1 & #TAG2 and more");
  CHECK(r.tags == std::vector<std::string>{"tag1", "tag2"});
}

TEST_CASE("v1.1: entities hashtags are folded, de-duplicated, in order") {
  Record r = one(v1(
      R"("text":"#Straße #STRASSE #Zebra","entities":{"hashtags":[{"text":"Straße"},{"text":"STRASSE"},{"text":"Zebra"}]})"));
  CHECK(r.tags == std::vector<std::string>{"strasse", "zebra"});
}

TEST_CASE("v1.1: retweets") {
  Record r = one(v1(
      R"("text":"RT @a: hi","retweeted_status":{"id_str":"1","text":"hi","user":{"screen_name":"a"}},"user":{"screen_name":"b","name":"B"})"));
  CHECK(r.rt);
  CHECK(r.user == "b");  // the nested user does not leak out
  r = one(v1(R"("text":"hi","retweeted_status":null)"));
  CHECK_FALSE(r.rt);
}

TEST_CASE("ids over 2^53 stay exact, from id_str or a bare number") {
  CHECK(one(R"({"id_str":"9007199254740993","text":"x"})").id == "9007199254740993");
  CHECK(one(R"({"id":18446744073709551615,"text":"x"})").id == "18446744073709551615");
  CHECK(one(R"({"id":9007199254740993,"id_str":"9007199254740993","text":"x"})").id ==
        "9007199254740993");
}

TEST_CASE("timestamps: timestamp_ms, else created_at") {
  CHECK(one(v1(R"("text":"x","timestamp_ms":"1447202107010")")).ts == 1447202107010);
  CHECK(one(v1(R"("text":"x")")).ts == 1447202107000);
  Parsed p = parse(R"({"id_str":"1","created_at":"Blursday","text":"x"})");
  CHECK(p.line.kind == LineKind::kMalformed);
  CHECK(p.line.message.find("created_at") != std::string::npos);
}

TEST_CASE("timestamps: timestamp_ms as X writes it, escaped or a number, anything else unknown") {
  auto ts = [](std::string_view t) {
    return one(v1(R"("text":"x","timestamp_ms":)" + std::string(t))).ts;
  };
  CHECK(ts(R"("123456789012345678")") == 123456789012345678);  // 18 digits
  CHECK(ts(R"("1234567890123456789")") == 1447202107000);      // 19: created_at
  CHECK(ts(R"("\u0031447202107010")") == 1447202107010);       // an escape is decoded
  CHECK(ts(R"("14472021070x")") == 1447202107000);
  CHECK(ts(R"("")") == 1447202107000);
  CHECK(ts("1447202107011") == 1447202107011);
  CHECK(ts(R"("1447202107012" )") == 1447202107012);  // white space after it
}

TEST_CASE("strings: escapes, surrogate pairs, unpaired surrogates, HTML entities") {
  Record r =
      one(R"({"id_str":"1","text":"\u00e9 \ud83d\ude00 \"q\" \/ \n &amp;amp; &lt;b&gt; &quot;"})");
  CHECK(r.text == "\xC3\xA9 \xF0\x9F\x98\x80 \"q\" / \n &amp; <b> &quot;");
  // A post cut inside an emoji: the lone surrogate becomes U+FFFD, the rest survives.
  r = one(R"({"id_str":"2","text":"cut \ud83d","user":{"screen_name":"s"}})");
  CHECK(r.text == "cut \xEF\xBF\xBD");
  CHECK(r.user == "s");
  r = one(R"({"id_str":"3","text":"\ude00 lone low"})");
  CHECK(r.text == "\xEF\xBF\xBD lone low");
}

TEST_CASE("every v1.1 control message kind") {
  struct Case {
    const char* json;
    const char* kind;
  } cases[] = {
      {R"({"delete":{"status":{"id":1,"id_str":"1","user_id":3,"user_id_str":"3"}}})", "delete"},
      {R"({"limit":{"track":121564}} )", "limit"},
      {R"({"scrub_geo":{"user_id":14090452,"user_id_str":"14090452","up_to_status_id":23260136625}})",
       "scrub_geo"},
      {R"({"warning":{"code":"FALLING_BEHIND","message":"Your connection is falling behind.","percent_full":60}})",
       "warning"},
      {R"({"status_withheld":{"id":1234567890,"user_id":123456,"withheld_in_countries":["DE","AR"]}})",
       "status_withheld"},
      {R"({"user_withheld":{"id":123456,"withheld_in_countries":["DE","AR"]}})", "user_withheld"},
      {R"({"disconnect":{"code":4,"stream_name":"x","reason":"duplicate stream"}})", "disconnect"},
      {R"({"friends":[1497,169686021,790205]})", "friends"},
      {R"({"friends_str":["1497"]})", "friends_str"},
      {R"({"target":{"id_str":"1"},"source":{"id_str":"2"},"event":"favorite","created_at":"Wed Nov 11 00:35:07 +0000 2015"})",
       "event"},
      {R"({"control":{"control_uri":"/1.1/site/c/01_225167_334389048B872A533002B34D73F8C29FD09EFC50"}})",
       "control"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.json);
    Parsed p = parse(c.json);
    CHECK(p.line.kind == LineKind::kControl);
    CHECK(p.line.control == c.kind);
    CHECK(p.records.empty());
  }
  Parsed w = parse(cases[3].json);
  CHECK(w.line.message == "FALLING_BEHIND: Your connection is falling behind.");
  Parsed d = parse(cases[6].json);
  CHECK(d.line.message == "4: duplicate stream");
}

TEST_CASE("blank keep-alive lines") {
  CHECK(parse("").line.kind == LineKind::kBlank);
  CHECK(parse("\r").line.kind == LineKind::kBlank);
  CHECK(parse(" \t \r").line.kind == LineKind::kBlank);
}

TEST_CASE("malformed lines are reported with a reason") {
  struct Case {
    std::string json;
    const char* reason;
  } cases[] = {
      {R"({"id_str":"1","text":"cut here)", "truncated"},
      {R"({"id_str":"1","text":"x","user":{"screen_name":"a")", "truncated"},
      {std::string("{\"id_str\":\"1\",\"text\":\"bad \xff byte\"}"), "invalid UTF-8"},
      {std::string("\xff\xfe"), "invalid UTF-8"},
      {R"([1,2,3])", "array"},
      {R"("just a string")", "not a JSON object"},
      {R"(nonsense)", "not a JSON object"},
      {R"({"text":"no id"})", "no post id"},
      {R"({"id_str":"1","text":"x"} {"id_str":"2"})", "trailing"},
      {R"({"id_str":"1","text":"x"}})", "trailing"},
      // simdjson reports these as a tape error, like a truncated line.
      {R"({"id_str":"1","text":"x"} x)", "trailing"},
      {R"({"id_str":"1","text":"x"}])", "trailing"},
      {R"({"id_str":"1","text":"x}"} garbage)", "trailing"},
      {R"({"id_str":"1","text":"x\"}"} 1)", "trailing"},
      {R"({"id_str":"1","text":"bad \q escape"})", "escape"},
      {R"({"id_str":1,"text":"x"})", "type"},
      {R"({"id":1.5,"text":"x"})", "no post id"},
      {R"({"id":-3,"text":"x"})", "no post id"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.json);
    Parsed p = parse(c.json);
    CHECK(p.line.kind == LineKind::kMalformed);
    CHECK(p.records.empty());
    CHECK_MESSAGE(p.line.message.find(c.reason) != std::string::npos, p.line.message);
  }
}

TEST_CASE("padded and copied parsing agree") {
  std::string json = v1(R"("text":"same","coordinates":{"type":"Point","coordinates":[1.5,2.5]})");
  Parsed a = parse(json, true), b = parse(json, false);
  REQUIRE(a.records.size() == 1);
  REQUIRE(b.records.size() == 1);
  std::string x, y;
  append_record_json(a.records[0], x);
  append_record_json(b.records[0], y);
  CHECK(x == y);
}

TEST_CASE("CRLF lines, blank lines and control lines in one file") {
  std::string data = read_data("v1-crlf.jsonl");
  std::vector<Record> out;
  PostParser parser;
  int posts = 0, blank = 0, control = 0, bad = 0;
  std::istringstream in(data);
  std::string line;
  while (std::getline(in, line)) {  // keeps the '\r' as a reader without CRLF handling would
    switch (parser.parse(line, false, out).kind) {
      case LineKind::kPosts:
        ++posts;
        break;
      case LineKind::kBlank:
        ++blank;
        break;
      case LineKind::kControl:
        ++control;
        break;
      case LineKind::kMalformed:
        ++bad;
        break;
    }
  }
  CHECK(posts == 2);
  CHECK(blank == 2);
  CHECK(control == 1);
  CHECK(bad == 0);
  REQUIRE(out.size() == 2);
  CHECK(out[0].text == "first");
  CHECK(out[1].ts == 1447202108000);
  CHECK(out[1].id == "664239896698208257");
}

TEST_CASE("v2 stream line: data + includes + matching_rules") {
  Record r = one(
      R"({"data":{"author_id":"4602771083","id":"1377650090978992134","created_at":"2021-04-01T15:52:31.000Z",)"
      R"("text":"Fury &gt; all #DogsOfTwitter","referenced_tweets":[{"type":"quoted","id":"1"}],)"
      R"("entities":{"hashtags":[{"start":14,"end":28,"tag":"DogsOfTwitter"}]},"geo":{"place_id":"a0583a9994e6bf1b"},"lang":"en"},)"
      R"("includes":{"users":[{"id":"1","username":"other","name":"Other"},{"name":"Endangered Species","username":"blackheart_265","id":"4602771083"}],)"
      R"("places":[{"full_name":"Malawi","id":"a0583a9994e6bf1b","country_code":"MW","geo":{"type":"Feature","bbox":[32.6718934,-17.1276504,35.92038,-9.3670837],"properties":{}},"name":"Malawi","place_type":"country"}]},)"
      R"("matching_rules":[{"id":"1","tag":"dogs"}],"__twarc":{"url":"x","version":"2.0.0"}})");
  CHECK(r.id == "1377650090978992134");
  CHECK(r.ts == 1617292351000);
  CHECK(r.user == "blackheart_265");
  CHECK(r.name == "Endangered Species");
  CHECK(r.text == "Fury > all #DogsOfTwitter");
  CHECK(r.tags == std::vector<std::string>{"dogsoftwitter"});
  CHECK_FALSE(r.rt);
  CHECK(r.geo == GeoKind::kPlace);
  CHECK(r.place == "Malawi");
  CHECK(r.cc == "MW");
  CHECK(*r.bbox == BBox{32.6718934, -17.1276504, 35.92038, -9.3670837});
  CHECK(*r.lat == doctest::Approx((-17.1276504 + -9.3670837) / 2));
  CHECK(r.lang == "en");
}

TEST_CASE("v2 matching_rules: the x source keeps the rule tags, other sources ignore them") {
  const std::string line =
      R"({"matching_rules":[{"id":"11","tag":"quakes"},{"id":"12","tag":""},{"id":13},)"
      R"({"id":"14","tag":"quakes"},{"id":"15","value":"kafka lang:en"}],)"
      R"("data":{"id":"7","text":"a post","created_at":"2024-05-01T12:00:00.000Z"}})";
  PostParser x("x");
  std::vector<Record> out;
  REQUIRE(x.parse(line, false, out).kind == LineKind::kPosts);
  REQUIRE(out.size() == 1);
  // Tag, else value, else id; de-duplicated in order.
  CHECK(out[0].rules == std::vector<std::string>{"quakes", "12", "13", "kafka lang:en"});
  std::string json;
  append_record_json(out[0], json);
  CHECK(json.find(R"("src":"x","rules":["quakes","12","13","kafka lang:en"]})") !=
        std::string::npos);
  // The next line without matching_rules has none (nothing left over from the last line).
  out.clear();
  REQUIRE(x.parse(R"({"data":{"id":"8","text":"b"}})", false, out).kind == LineKind::kPosts);
  CHECK(out[0].rules.empty());
  PostParser replay("replay");
  out.clear();
  REQUIRE(replay.parse(line, false, out).kind == LineKind::kPosts);
  CHECK(out[0].rules.empty());
  // A matching_rules of the wrong shape is a malformed line, as for any known field.
  out.clear();
  CHECK(x.parse(R"({"data":{"id":"9","text":"c"},"matching_rules":{"id":"1"}})", false, out).kind ==
        LineKind::kMalformed);
}

TEST_CASE("v2: includes before data, exact point, no entities means tags from text") {
  Record r = one(
      R"({"includes":{"places":[{"id":"p","full_name":"Berlin","country_code":"DE","geo":{"bbox":[13.0,52.3,13.7,52.6]}}]},)"
      R"("data":{"id":"2","text":"Hallo #Berlin","created_at":"2022-03-10T16:47:48Z","geo":{"place_id":"p","coordinates":{"type":"Point","coordinates":[13.4,52.5]}}}})");
  CHECK(r.geo == GeoKind::kPoint);
  CHECK(*r.lat == 52.5);
  CHECK(*r.lon == 13.4);
  CHECK(r.place == "Berlin");
  CHECK(r.tags == std::vector<std::string>{"berlin"});
}

TEST_CASE("v2: note_tweet holds the full text of long posts, retweets") {
  Record r = one(
      R"({"data":{"id":"3","text":"short…","note_tweet":{"text":"the long #One","entities":{"hashtags":[{"tag":"One"}]}},)"
      R"("referenced_tweets":[{"type":"replied_to","id":"5"},{"type":"retweeted","id":"4"}]}})");
  CHECK(r.text == "the long #One");
  CHECK(r.tags == std::vector<std::string>{"one"});
  CHECK(r.rt);
}

TEST_CASE("v2 errors-only lines are control messages") {
  Parsed p = parse(
      R"({"errors":[{"title":"operational-disconnect","disconnect_type":"UpstreamOperationalDisconnect",)"
      R"("detail":"This stream has been disconnected upstream for operational reasons.","type":"https://api.twitter.com/2/problems/operational-disconnect"}]})");
  CHECK(p.line.kind == LineKind::kControl);
  CHECK(p.line.control == "errors");
  CHECK(p.line.disconnect);
  CHECK(p.line.message ==
        "operational-disconnect: This stream has been disconnected upstream for operational "
        "reasons.");
  p = parse(R"({"errors":[{"title":"ConnectionException","detail":"Too many connections"}]})");
  CHECK(p.line.kind == LineKind::kControl);
  CHECK_FALSE(p.line.disconnect);
  CHECK(p.line.message == "ConnectionException: Too many connections");
}

TEST_CASE("v2 page: several posts, joins, errors alongside data") {
  std::string line = read_data("v2-page.jsonl");
  while (!line.empty() && line.back() == '\n') line.pop_back();
  Parsed p = parse(line);
  CHECK(p.line.kind == LineKind::kPosts);
  REQUIRE(p.records.size() == 3);  // the fourth has no id
  CHECK(p.line.message.find("Not Found Error: Could not find tweet") == 0);
  CHECK(p.line.message.find("(+1 more)") != std::string::npos);
  CHECK(p.line.message.find("1 post(s) skipped: no post id") != std::string::npos);
  const Record& a = p.records[0];
  CHECK(a.id == "1500000000000000001");
  CHECK(a.user == "ay");
  CHECK(a.place == "Suva, Fiji");
  CHECK(a.geo == GeoKind::kPlace);
  CHECK(*a.lon == doctest::Approx(179.5));
  CHECK(a.text == "one #Tag & more");
  CHECK(a.tags == std::vector<std::string>{"tag"});
  const Record& b = p.records[1];
  CHECK(b.rt);
  CHECK(b.user == "bee");
  CHECK(b.geo == GeoKind::kPoint);
  CHECK(*b.lat == 52.5);
  CHECK(b.cc == "DE");
  const Record& c = p.records[2];
  CHECK(c.user.empty());  // author not in includes
  CHECK(c.geo == GeoKind::kNone);
  CHECK(c.place.empty());
  CHECK(c.ts == 1646930870000);
}

TEST_CASE("v2: an empty page is a control line, a page of broken posts is malformed") {
  Parsed p = parse(R"({"meta":{"result_count":0},"data":[]})");
  CHECK(p.line.kind == LineKind::kControl);
  p = parse(R"({"data":[{"text":"no id"}]})");
  CHECK(p.line.kind == LineKind::kMalformed);
}

TEST_CASE("the parser appends and never clears") {
  PostParser parser("x");
  std::vector<Record> out(1);
  parser.parse(R"({"id_str":"7","text":"a"})", false, out);
  REQUIRE(out.size() == 2);
  CHECK(out[1].id == "7");
  CHECK(out[1].src == "x");
  parser.parse(R"({"id_str":"8","text":"b" BROKEN)", false, out);
  CHECK(out.size() == 2);  // nothing half-made left behind
}

TEST_CASE("the reusing parse writes into existing records and leaves nothing of the last line") {
  PostParser parser("replay");
  std::vector<Record> out;
  size_t used = 0;
  auto line = parser.parse(
      R"({"id_str":"1","text":"full #Tag","lang":"en","user":{"screen_name":"u","name":"N"},)"
      R"("place":{"full_name":"P","country_code":"SE","bounding_box":{"type":"Polygon",)"
      R"("coordinates":[[[1,2],[1,3],[4,3],[4,2]]]}},"retweeted_status":{"id":1}})",
      false, out, used);
  REQUIRE(line.kind == LineKind::kPosts);
  REQUIRE(used == 1);
  CHECK(out[0].place == "P");
  CHECK(out[0].tags == std::vector<std::string>{"tag"});
  CHECK(out[0].rt);
  // The next line reuses out[0]: fields it lacks must be empty, not left over.
  used = 0;
  line = parser.parse(R"({"id_str":"2","text":"bare"})", false, out, used);
  REQUIRE(used == 1);
  REQUIRE(out.size() == 1);
  CHECK(out[0].id == "2");
  CHECK(out[0].text == "bare");
  CHECK(out[0].place.empty());
  CHECK(out[0].cc.empty());
  CHECK(out[0].user.empty());
  CHECK(out[0].name.empty());
  CHECK(out[0].lang.empty());
  CHECK(out[0].tags.empty());
  CHECK_FALSE(out[0].bbox.has_value());
  CHECK_FALSE(out[0].lat.has_value());
  CHECK(out[0].geo == GeoKind::kNone);
  CHECK_FALSE(out[0].rt);
  CHECK(out[0].ts == 0);
  // A malformed line and a control line use no slot.
  used = 0;
  line = parser.parse(R"({"id_str":"3","text":"x" BROKEN)", false, out, used);
  CHECK(line.kind == LineKind::kMalformed);
  CHECK(used == 0);
  line = parser.parse(R"({"limit":{"track":5}})", false, out, used);
  CHECK(line.kind == LineKind::kControl);
  CHECK(used == 0);
  // A v2 page with two posts grows the vector.
  line =
      parser.parse(R"({"data":[{"id":"4","text":"a"},{"id":"5","text":"b"}]})", false, out, used);
  REQUIRE(used == 2);
  CHECK(out[0].id == "4");
  CHECK(out[1].id == "5");
}
