// Geometry on WGS84 degrees: place-box centres, point-in-box and box overlap, including boxes that
// cross the antimeridian (west > east). Pure functions, thread-safe.
#pragma once

#include "core/record.hpp"

namespace tweetmap {

/// A position in degrees.
struct LatLon {
  double lat = 0;
  double lon = 0;
};

/// True for a finite latitude in [-90, 90].
bool valid_lat(double lat);
/// True for a finite longitude in [-180, 180].
bool valid_lon(double lon);
/// True when both are valid.
bool valid_position(double lat, double lon);
/// True when all four values are valid and south <= north (west > east means the box crosses the
/// antimeridian).
bool valid_box(const BBox& b);

/// Brings any finite longitude into [-180, 180] (180 stays 180, 540 becomes 180, 190 -> -170).
double normalize_lon(double lon);

/// True when the box crosses the antimeridian (west > east).
bool crosses_antimeridian(const BBox& b);

/// The centre of a place box; for a box crossing the antimeridian the centre lies on the short way
/// round (west 177, east -178 gives 179.5). A degenerate box (a point) gives that point.
LatLon box_centre(const BBox& b);

/// True when the point lies inside the box or on its edge.
bool box_contains(const BBox& b, double lat, double lon);

/// True when the two boxes share at least one point (touching edges count).
bool boxes_overlap(const BBox& a, const BBox& b);

/// Mean Earth radius (IUGG), km.
inline constexpr double kEarthRadiusKm = 6371.0088;

/// Great-circle distance between two positions in km (the haversine formula).
double haversine_km(const LatLon& a, const LatLon& b);

/// Resolves a record's position from what the source gave: an exact point wins (geo=point);
/// otherwise the centre of the place box (geo=place); otherwise no position (geo=none). Points
/// outside the valid ranges are ignored. Does not touch `r.bbox`.
void resolve_geo(Record& r, const std::optional<LatLon>& point);

}  // namespace tweetmap
