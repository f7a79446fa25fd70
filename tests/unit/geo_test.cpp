#include "core/geo.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace tweetmap;

TEST_CASE("ranges") {
  CHECK(valid_position(90, 180));
  CHECK(valid_position(-90, -180));
  CHECK_FALSE(valid_position(90.1, 0));
  CHECK_FALSE(valid_position(0, -180.5));
  CHECK_FALSE(valid_position(NAN, 0));
  CHECK(valid_box({177, -20, -178, -12}));  // crosses the antimeridian
  CHECK_FALSE(valid_box({0, 10, 1, 5}));    // south above north
}

TEST_CASE("normalize_lon") {
  CHECK(normalize_lon(179.5) == 179.5);
  CHECK(normalize_lon(180) == 180);
  CHECK(normalize_lon(190) == doctest::Approx(-170));
  CHECK(normalize_lon(-190) == doctest::Approx(170));
  CHECK(normalize_lon(540) == doctest::Approx(180));
  CHECK(normalize_lon(360) == doctest::Approx(0));
}

TEST_CASE("box centre: plain, antimeridian, degenerate") {
  auto c = box_centre({12.968336, 55.136571, 13.538041, 55.510836});
  CHECK(c.lat == doctest::Approx(55.3237035));
  CHECK(c.lon == doctest::Approx(13.2531885));
  // Fiji: west 177, east -178 spans 5 degrees across the antimeridian.
  c = box_centre({177, -20, -178, -12});
  CHECK(c.lon == doctest::Approx(179.5));
  CHECK(c.lat == doctest::Approx(-16));
  // A box whose centre falls west of the antimeridian.
  c = box_centre({179, 0, -170, 1});
  CHECK(c.lon == doctest::Approx(-175.5));
  // A point.
  c = box_centre({-118.288254, 34.169762, -118.288254, 34.169762});
  CHECK(c.lon == -118.288254);
  CHECK(c.lat == 34.169762);
}

TEST_CASE("point in box") {
  BBox nyc{-74.3, 40.4, -73.6, 41.0};
  CHECK(box_contains(nyc, 40.7, -74.0));
  CHECK(box_contains(nyc, 40.4, -74.3));  // edge
  CHECK_FALSE(box_contains(nyc, 40.7, -73.0));
  CHECK_FALSE(box_contains(nyc, 39.0, -74.0));
  BBox fiji{177, -20, -178, -12};
  CHECK(box_contains(fiji, -17, 178.5));
  CHECK(box_contains(fiji, -17, -179));
  CHECK(box_contains(fiji, -17, 180));
  CHECK(box_contains(fiji, -17, -180));
  CHECK_FALSE(box_contains(fiji, -17, 0));
  CHECK_FALSE(box_contains(fiji, -17, 170));
  BBox world{-180, -90, 180, 90};
  CHECK(box_contains(world, 0, 0));
}

TEST_CASE("box overlap") {
  BBox a{0, 0, 10, 10};
  CHECK(boxes_overlap(a, {5, 5, 15, 15}));
  CHECK(boxes_overlap(a, {10, 10, 20, 20}));  // touching corner
  CHECK(boxes_overlap(a, {2, 2, 3, 3}));      // inside
  CHECK_FALSE(boxes_overlap(a, {11, 0, 20, 10}));
  CHECK_FALSE(boxes_overlap(a, {0, 11, 10, 20}));
  BBox fiji{177, -20, -178, -12};
  CHECK(boxes_overlap(fiji, {-179, -18, -179, -18}));  // a point box on the far side
  CHECK(boxes_overlap(fiji, {170, -30, 178, 0}));
  CHECK(boxes_overlap(fiji, {175, -15, -175, -14}));  // both cross
  CHECK_FALSE(boxes_overlap(fiji, {-170, -20, 170, -12}));
  CHECK(boxes_overlap({170, 0, 180, 10}, {-180, 0, -170, 10}));  // meet on the antimeridian
}

TEST_CASE("resolve_geo: point wins, then place centre, else none") {
  Record r;
  r.bbox = BBox{177, -20, -178, -12};
  resolve_geo(r, LatLon{-17.5, 178.2});
  CHECK(r.geo == GeoKind::kPoint);
  CHECK(*r.lat == -17.5);
  CHECK(*r.lon == 178.2);
  resolve_geo(r, std::nullopt);
  CHECK(r.geo == GeoKind::kPlace);
  CHECK(*r.lon == doctest::Approx(179.5));
  resolve_geo(r, LatLon{95, 0});  // impossible latitude: ignored
  CHECK(r.geo == GeoKind::kPlace);
  r.bbox.reset();
  resolve_geo(r, std::nullopt);
  CHECK(r.geo == GeoKind::kNone);
  CHECK_FALSE(r.has_position());
}

TEST_CASE("box centre is written without floating-point noise") {
  LatLon c = box_centre(BBox{-83.67529, 36.540739, -75.16644, 39.466012});
  std::string out;
  append_json_number(c.lat, out);
  out += ' ';
  append_json_number(c.lon, out);
  CHECK(out == "38.0033755 -79.420865");
}
