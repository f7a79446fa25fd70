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
