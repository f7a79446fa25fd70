#include "core/geo.hpp"

#include <algorithm>
#include <cmath>

namespace tweetmap {

namespace {

// A longitude interval that does not cross the antimeridian.
struct LonRange {
  double lo, hi;
};

// Splits a box's longitude span into one or two plain intervals.
int lon_ranges(const BBox& b, LonRange out[2]) {
  if (!crosses_antimeridian(b)) {
    out[0] = {b[0], b[2]};
    return 1;
  }
  out[0] = {b[0], 180.0};
  out[1] = {-180.0, b[2]};
  return 2;
}

bool lon_in(const LonRange& r, double lon) {
  // -180 and 180 are the same meridian.
  if (lon >= r.lo && lon <= r.hi) return true;
  if (lon == 180.0 && r.lo == -180.0) return true;
  if (lon == -180.0 && r.hi == 180.0) return true;
  return false;
}

}  // namespace

bool valid_lat(double lat) { return std::isfinite(lat) && lat >= -90.0 && lat <= 90.0; }
bool valid_lon(double lon) { return std::isfinite(lon) && lon >= -180.0 && lon <= 180.0; }
bool valid_position(double lat, double lon) { return valid_lat(lat) && valid_lon(lon); }

bool valid_box(const BBox& b) {
  return valid_lon(b[0]) && valid_lat(b[1]) && valid_lon(b[2]) && valid_lat(b[3]) && b[1] <= b[3];
}

double normalize_lon(double lon) {
  if (!std::isfinite(lon)) return lon;
  if (lon >= -180.0 && lon <= 180.0) return lon;
  double r = std::fmod(lon + 180.0, 360.0);
  if (r < 0) r += 360.0;
  r -= 180.0;
  // Positive overflows land on +180 rather than -180 (540 -> 180).
  if (r == -180.0 && lon > 0) r = 180.0;
  return r;
}

bool crosses_antimeridian(const BBox& b) { return b[0] > b[2]; }

namespace {
// Centres are rounded to 1e-7 degrees (about 1 cm), finer than any source box, so that
// (38.0067 + 38.00005) / 2 is written as 38.0033755 rather than 38.003375500000004.
double round_7(double v) { return std::round(v * 1e7) / 1e7; }
}  // namespace

LatLon box_centre(const BBox& b) {
  LatLon c;
  c.lat = round_7((b[1] + b[3]) / 2.0);
  if (!crosses_antimeridian(b)) {
    c.lon = round_7((b[0] + b[2]) / 2.0);
  } else {
    c.lon = round_7(normalize_lon((b[0] + b[2] + 360.0) / 2.0));
  }
  return c;
}

bool box_contains(const BBox& b, double lat, double lon) {
  if (!(lat >= b[1] && lat <= b[3])) return false;
  LonRange r[2];
  int n = lon_ranges(b, r);
  for (int i = 0; i < n; ++i)
    if (lon_in(r[i], lon)) return true;
  return false;
}

bool boxes_overlap(const BBox& a, const BBox& b) {
  if (a[1] > b[3] || b[1] > a[3]) return false;
  LonRange ra[2], rb[2];
  int na = lon_ranges(a, ra), nb = lon_ranges(b, rb);
  for (int i = 0; i < na; ++i) {
    for (int j = 0; j < nb; ++j) {
      if (ra[i].lo <= rb[j].hi && rb[j].lo <= ra[i].hi) return true;
      // Touching across the antimeridian: one ends at 180, the other starts at -180.
      if ((ra[i].hi == 180.0 && rb[j].lo == -180.0) || (rb[j].hi == 180.0 && ra[i].lo == -180.0))
        return true;
    }
  }
  return false;
}

void resolve_geo(Record& r, const std::optional<LatLon>& point) {
  if (point && valid_position(point->lat, point->lon)) {
    r.lat = point->lat;
    r.lon = point->lon;
    r.geo = GeoKind::kPoint;
    return;
  }
  if (r.bbox && valid_box(*r.bbox)) {
    LatLon c = box_centre(*r.bbox);
    r.lat = c.lat;
    r.lon = c.lon;
    r.geo = GeoKind::kPlace;
    return;
  }
  r.lat.reset();
  r.lon.reset();
  r.geo = GeoKind::kNone;
}

double haversine_km(const LatLon& a, const LatLon& b) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  double dlat = (b.lat - a.lat) * kRad, dlon = (b.lon - a.lon) * kRad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(a.lat * kRad) *
                                                           std::cos(b.lat * kRad) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::min(1.0, h)));
}

}  // namespace tweetmap
