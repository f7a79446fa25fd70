#include "trends/geocell.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace tweetmap;

TEST_CASE("geocell: known geohashes") {
  // Reference values: the geohash of (57.64911, 10.40744) is u4pruydqqvj.
  CHECK(geocell_name(geocell_of(57.64911, 10.40744, 11)) == "u4pruydqqvj");
  CHECK(geocell_name(geocell_of(35.68, 139.76, 4)) == "xn76");
  CHECK(geocell_name(geocell_of(40.71, -74.01, 5)) == "dr5re");
  CHECK(geocell_name(geocell_of(-33.87, 151.21, 3)) == "r3g");
}

TEST_CASE("geocell: name round trip, box and centre") {
  GeoCell c = geocell_of(51.5, -0.12, 6);
  REQUIRE(c.valid());
  CHECK(c.precision() == 6);
  auto back = geocell_from_name(geocell_name(c));
  REQUIRE(back);
  CHECK(*back == c);
  CellBox b = geocell_box(c);
  CHECK(b.west <= -0.12);
  CHECK(b.east > -0.12);
  CHECK(b.south <= 51.5);
  CHECK(b.north > 51.5);
  CHECK(b.center_lat() == doctest::Approx(51.5).epsilon(0.01));
  // Upper case parses too; junk does not.
  CHECK(geocell_from_name("GCPVJ").has_value());
  CHECK_FALSE(geocell_from_name("gcpva").has_value());  // 'a' is not in the alphabet
  CHECK_FALSE(geocell_from_name("").has_value());
  CHECK_FALSE(geocell_from_name("0123456789bcd").has_value());  // too long
}

TEST_CASE("geocell: twelve characters keep their precision and every bit") {
  // 12 characters are 60 bits of cell: the packing must keep them apart from the precision
  // (found by the snapshot fuzzer: a 12-character cell read back as precision 15).
  for (const char* name : {"zzzzzzzzzzzz", "000000000000", "u4pruydqqvjz", "gcpvj0duq533"}) {
    auto c = geocell_from_name(name);
    REQUIRE(c);
    CHECK(c->precision() == 12);
    CHECK(geocell_name(*c) == name);
    CellBox b = geocell_box(*c);
    CHECK(b.west >= -180);
    CHECK(b.east <= 180);
    CHECK(b.south >= -90);
    CHECK(b.north <= 90);
    CHECK(b.west < b.east);
    CHECK(b.south < b.north);
  }
  GeoCell c = geocell_of(57.64911, 10.40744, 12);
  CHECK(c.precision() == 12);
  CHECK(geocell_name(c).substr(0, 11) == "u4pruydqqvj");
  // Cells of different precisions never share a code, and the words' flag bit (1 << 62) of the
  // trends tables stays free.
  CHECK(*geocell_from_name("zzzzzzzzzzzz") != *geocell_from_name("zzzzzzzzzzz"));
  CHECK(*geocell_from_name("000000000000") != *geocell_from_name("00000000000"));
  for (int p = kMinCellPrecision; p <= kMaxCellPrecision; ++p)
    CHECK((geocell_of(89.9, 179.9, p).code & (uint64_t{1} << 62)) == 0);
}

TEST_CASE("geocell: edges, wrapping and bad input") {
  CHECK_FALSE(geocell_of(NAN, 0, 4).valid());
  CHECK_FALSE(geocell_of(0, INFINITY, 4).valid());
  CHECK_FALSE(geocell_of(0, 0, 0).valid());
  CHECK_FALSE(geocell_of(0, 0, 13).valid());
  // Longitude 180 is the same meridian as -180; 190 wraps to -170.
  CHECK(geocell_of(10, 180, 5) == geocell_of(10, -180, 5));
  CHECK(geocell_of(10, 190, 5) == geocell_of(10, -170, 5));
  // Latitudes are clamped to the poles.
  CHECK(geocell_of(95, 0, 3) == geocell_of(90, 0, 3));
  // Cells of different precisions never compare equal, even with the same bits.
  CHECK_FALSE(geocell_from_name("0")->code == geocell_from_name("00")->code);
  // Fiji straddles the antimeridian: both sides get their own cell.
  CHECK(geocell_of(-17.8, 179.9, 3) != geocell_of(-17.8, -179.9, 3));
}

TEST_CASE("geocell: sizes") {
  CellSizeKm s = geocell_size_km(4);
  CHECK(s.width == doctest::Approx(39.1).epsilon(0.02));
  CHECK(s.height == doctest::Approx(19.6).epsilon(0.02));
}
