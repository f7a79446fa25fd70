// trends/snapshot: the snapshot line, byte for byte (docs/TRENDS.md, "Snapshot format").
#include "trends/snapshot.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace tweetmap;

TEST_CASE("trend snapshot: fields in order, numbers rounded, optional fields omitted") {
  TrendsSnapshot s;
  s.ts = 1700000340000;
  s.interval_ms = 10'000;
  s.window_ms = 300'000;
  s.records = 202;
  TrendItem quake;
  quake.term = "#祭り";
  quake.count = 55;
  quake.expected = 0.123;
  quake.score = 12.2249;
  quake.since = 1700000310000;
  quake.lat = 34.692641;
  quake.lon = 135.500312;
  quake.place = "Osaka, Japan";
  quake.cells = {{"xn0m", 55, 34.692641, 135.500312}};
  TrendItem bare;
  bare.term = "q\"";
  bare.count = 1;
  bare.score = -1.5;
  s.scopes = {{Scope::kGlobal, "", {quake}},
              {Scope::kCountry, "JP", {}},
              {Scope::kCell, "xn0m", {bare}},
              {Scope::kCell, "not a geohash", {}}};
  std::string out = "x";
  append_snapshot_json(s, out);
  CHECK(
      out ==
      "x{\"type\":\"trends\",\"ts\":1700000340000,\"interval\":10,\"window\":300,"
      "\"warming\":false,\"records\":202,\"scopes\":["
      "{\"scope\":\"global\",\"trends\":[{\"term\":\"#祭り\",\"count\":55,\"expected\":0.12,"
      "\"score\":12.22,\"since\":1700000310000,\"centroid\":[135.50031,34.69264],"
      "\"place\":\"Osaka, Japan\",\"cells\":[{\"cell\":\"xn0m\",\"count\":55,"
      "\"center\":[135.50031,34.69264]}]}]},"
      "{\"scope\":\"cc\",\"cc\":\"JP\",\"trends\":[]},"
      "{\"scope\":\"cell\",\"cell\":\"xn0m\",\"bbox\":[135.351563,34.628906,135.703125,34.804688],"
      "\"trends\":[{\"term\":\"q\\\"\",\"count\":1,\"expected\":0,\"score\":-1.5,\"since\":0,"
      "\"cells\":[]}]},"
      "{\"scope\":\"cell\",\"cell\":\"not a geohash\",\"trends\":[]}]}\n");
}

TEST_CASE("trend snapshot: a warming snapshot with only the global scope") {
  TrendsSnapshot s;
  s.ts = 20'000;
  s.interval_ms = 2'500;
  s.window_ms = 5'000;
  s.warming = true;
  s.warmup_seen_ms = 1'500;
  s.warmup_need_ms = 7'000;
  s.records = 3;
  s.scopes = {{Scope::kGlobal, "", {}}};
  std::string out;
  append_snapshot_json(s, out);
  CHECK(out ==
        "{\"type\":\"trends\",\"ts\":20000,\"interval\":2.5,\"window\":5,\"warming\":true,"
        "\"warmup\":{\"seen\":1.5,\"need\":7},\"records\":3,\"scopes\":[{\"scope\":\"global\","
        "\"trends\":[]}]}\n");
}
