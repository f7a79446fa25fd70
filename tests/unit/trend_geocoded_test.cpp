// The trends engine on geocoded posts (geo "profile" and "text"): every placed post counts in its
// country, and only those that stand for a point or a city count in a grid cell. The records go
// through the writer and tweet-trends' input parser, as they do on a pipe.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "core/record.hpp"
#include "trend_config.hpp"
#include "trends/engine.hpp"
#include "trends/geocell.hpp"
#include "trends/input.hpp"

using namespace tweetmap;

namespace {

constexpr int64_t kBase = 1'700'000'000'000;  // a whole number of intervals

struct Where {
  GeoKind geo;
  GeoPrecision prec;
  std::string cc;
  double lat, lon;
};

// The record as tweet-trends reads it: written by tweet-stream's writer, parsed by its input.
Record piped(int64_t at_s, const std::string& tag, const Where& w) {
  Record r;
  r.id = std::to_string(at_s);
  r.ts = kBase + at_s * 1000;
  r.lat = w.lat;
  r.lon = w.lon;
  r.geo = w.geo;
  r.prec = w.prec;
  r.cc = w.cc;
  r.tags = {tag};
  std::string line;
  append_record_json(r, line);
  line.pop_back();  // the '\n'
  TrendInputParser parser(false);
  Record out;
  REQUIRE(parser.parse(line, out));
  return out;
}

TrendsConfig small_config() { return small_trends_config(); }

// "scope:region" of each trend of #quake in the last snapshot, after 300 s of steady exact
// points in New York and Osaka and a 30 s burst of #quake (two posts a second) placed as `w`.
std::vector<std::string> quake_scopes(const Where& w) {
  const Where ny{GeoKind::kPoint, GeoPrecision::kNone, "US", 40.71, -74.01};
  const Where osaka{GeoKind::kPoint, GeoPrecision::kNone, "JP", 34.69, 135.50};
  TrendsEngine engine(small_config());
  std::string out;
  for (int64_t s = 0; s < 330; ++s) {
    engine.add(piped(s, "steady", ny), out);
    engine.add(piped(s, "calm", osaka), out);
    if (s >= 300)
      for (int k = 0; k < 2; ++k) engine.add(piped(s, "quake", w), out);
  }
  engine.finish(out);
  const size_t last = out.rfind('\n', out.size() - 2);
  const std::string line = out.substr(last == std::string::npos ? 0 : last + 1);
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(line);
  std::vector<std::string> found;
  for (simdjson::dom::element sc : doc["scopes"].get_array()) {
    const std::string scope{std::string_view(sc["scope"])};
    std::string region = scope == "cc"     ? std::string(std::string_view(sc["cc"]))
                         : scope == "cell" ? std::string(std::string_view(sc["cell"]))
                                           : "";
    for (simdjson::dom::element t : sc["trends"].get_array()) {
      CHECK(std::string_view(t["term"]) == "#quake");
      CHECK(int64_t(t["count"]) == 60);
      found.push_back(scope + ":" + region);
    }
  }
  return found;
}

const std::string kTokyoCell = geocell_name(geocell_of(35.68, 139.76, 4));

}  // namespace

TEST_CASE("trends on geocoded posts: city level counts in the country and in its cell") {
  for (GeoKind g : {GeoKind::kProfile, GeoKind::kText}) {
    CAPTURE(geo_kind_name(g));
    CHECK(quake_scopes({g, GeoPrecision::kCity, "JP", 35.68, 139.76}) ==
          std::vector<std::string>{"global:", "cc:JP", "cell:" + kTokyoCell});
  }
}

TEST_CASE("trends on geocoded posts: coordinates written in the profile count in their cell") {
  CHECK(quake_scopes({GeoKind::kProfile, GeoPrecision::kPoint, "JP", 35.68, 139.76}) ==
        std::vector<std::string>{"global:", "cc:JP", "cell:" + kTokyoCell});
}

TEST_CASE("trends on geocoded posts: region and country level count in the country only") {
  for (GeoKind g : {GeoKind::kProfile, GeoKind::kText}) {
    CAPTURE(geo_kind_name(g));
    // Kantō's centre and Japan's: no hot cell where nobody is.
    CHECK(quake_scopes({g, GeoPrecision::kRegion, "JP", 35.9, 139.6}) ==
          std::vector<std::string>{"global:", "cc:JP"});
    CHECK(quake_scopes({g, GeoPrecision::kCountry, "JP", 36.2, 138.25}) ==
          std::vector<std::string>{"global:", "cc:JP"});
  }
}

TEST_CASE("trends on geocoded posts: a geocoded record without a precision stays out of cells") {
  // Written by an older tweet-stream (no "prec"): as before, its country and not a cell.
  CHECK(quake_scopes({GeoKind::kProfile, GeoPrecision::kNone, "JP", 35.68, 139.76}) ==
        std::vector<std::string>{"global:", "cc:JP"});
}
