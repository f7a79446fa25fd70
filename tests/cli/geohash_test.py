#!/usr/bin/env python3
"""Tests of tests/cli/lib/geohash.py, the cells of the tweet-trends test tools."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import geohash  # noqa: E402


class GeohashTest(unittest.TestCase):
    def test_known_cells(self):
        # The example of geohash.org / the original description: Jutland, 57.64911 N 10.40744 E.
        self.assertEqual(geohash.geohash(57.64911, 10.40744, 11), "u4pruydqqvj")
        self.assertEqual(geohash.geohash(35.68, 139.76, 4), "xn76")  # Tokyo
        self.assertEqual(geohash.geohash(-90, -180, 3), "000")
        self.assertEqual(geohash.geohash(89.9999, 179.9999, 3), "zzz")

    def test_decode_gives_the_box_of_the_point(self):
        lat_lo, lat_hi, lon_lo, lon_hi = geohash.decode(geohash.geohash(48.86, 2.35, 5))
        self.assertTrue(lat_lo <= 48.86 < lat_hi and lon_lo <= 2.35 < lon_hi)
        self.assertAlmostEqual(lat_hi - lat_lo, 180 / 2 ** 12)  # 25 bits: 12 of latitude
        self.assertAlmostEqual(lon_hi - lon_lo, 360 / 2 ** 13)

    def test_neighbours_are_the_cell_and_the_eight_around_it(self):
        near = geohash.neighbours("u4pr")
        self.assertEqual(len(near), 9)
        self.assertIn("u4pr", near)
        self.assertTrue(all(len(c) == 4 for c in near))
        # A point just across each edge of the cell falls in one of them.
        lat_lo, lat_hi, lon_lo, lon_hi = geohash.decode("u4pr")
        for lat in (lat_lo - 1e-6, (lat_lo + lat_hi) / 2, lat_hi + 1e-6):
            for lon in (lon_lo - 1e-6, (lon_lo + lon_hi) / 2, lon_hi + 1e-6):
                self.assertIn(geohash.geohash(lat, lon, 4), near)

    def test_neighbours_wrap_at_the_antimeridian(self):
        near = geohash.neighbours(geohash.geohash(-18.14, 179.99, 3))  # Suva, Fiji
        self.assertIn(geohash.geohash(-18.14, -179.99, 3), near)


if __name__ == "__main__":
    unittest.main()
