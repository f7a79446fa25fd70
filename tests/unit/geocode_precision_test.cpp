// The precision of a geocoded record: set by geocode_record, written as "prec" on geocoded
// records only, and read back by the record parser.
#include <doctest/doctest.h>

#include <string>

#include "core/record.hpp"
#include "geocode/geocoder.hpp"

using namespace tweetmap;
using namespace tweetmap::geocode;

namespace {
Record geocoded(std::string_view location, std::string_view text = "") {
  Record r;
  r.id = "1";
  r.author_location = location;
  r.text = text;
  geocode_record(r, {true, true});
  return r;
}
std::string line_of(const Record& r) {
  std::string out;
  append_record_json(r, out);
  return out;
}
}  // namespace

TEST_CASE("geocode precision: city, region, country and point from the profile") {
  Record city = geocoded("Porto Alegre, RS");
  CHECK(city.geo == GeoKind::kProfile);
  CHECK(city.prec == GeoPrecision::kCity);
  Record region = geocoded("Texas");
  CHECK(region.prec == GeoPrecision::kRegion);
  Record country = geocoded("Deutschland");
  CHECK(country.prec == GeoPrecision::kCountry);
  Record point = geocoded("\xC3\x9CT: 40.712776,-74.005974");
  CHECK(point.prec == GeoPrecision::kPoint);
  Record nothing = geocoded("Hogwarts");
  CHECK(nothing.geo == GeoKind::kNone);
  CHECK(nothing.prec == GeoPrecision::kNone);
}

TEST_CASE("geocode precision: a place named in the text") {
  Record city = geocoded("", "Flooding in Porto Alegre tonight");
  CHECK(city.geo == GeoKind::kText);
  CHECK(city.prec == GeoPrecision::kCity);
  Record country = geocoded("", "Back home in Brazil");
  CHECK(country.geo == GeoKind::kText);
  CHECK(country.prec == GeoPrecision::kCountry);
}

TEST_CASE("geocode precision: written after geo on geocoded records only, and read back") {
  Record city = geocoded("Porto Alegre, RS");
  const std::string line = line_of(city);
  CHECK(line.find(R"("geo":"profile","prec":"city",)") != std::string::npos);
  RecordParser parser;
  Record back;
  REQUIRE(parser.parse(line, back));
  CHECK(back.prec == GeoPrecision::kCity);
  CHECK(line_of(back) == line);

  // A point or place from the source has no precision field, even if one was set.
  Record exact;
  exact.id = "2";
  exact.lat = 1.5;
  exact.lon = 2.5;
  exact.geo = GeoKind::kPoint;
  exact.prec = GeoPrecision::kCity;
  CHECK(line_of(exact).find("prec") == std::string::npos);
  // An unknown precision name reads as none.
  REQUIRE(parser.parse(R"({"id":"3","ts":0,"geo":"text","prec":"street","text":"","tags":[],)"
                       R"("rt":false})",
                       back));
  CHECK(back.prec == GeoPrecision::kNone);
  CHECK(geo_precision_name(GeoPrecision::kCountry) == "country");
  CHECK(geo_precision_from_name("region") == GeoPrecision::kRegion);
}
