// Grid cells on the globe: geohash cells at a configurable precision, as compact integers.
#pragma once

#include <bit>
#include <cstdint>
#include <optional>
#include <string>

namespace tweetmap {

/// A geohash cell packed in 64 bits: the interleaved 5*precision bits in the low bits under one
/// marker bit (bit 5*precision, at most bit 60), so cells of different precisions never
/// collide, the value is never 0 and the top three bits stay free for the trends tables' flags.
/// Plain value type.
struct GeoCell {
  uint64_t code = 0;  ///< 0 = no cell
  bool valid() const { return code != 0; }
  int precision() const { return valid() ? (63 - std::countl_zero(code)) / 5 : 0; }
  /// The 5*precision bits of the cell, without the marker.
  uint64_t bits() const { return code ^ std::bit_floor(code); }
  bool operator==(const GeoCell&) const = default;
};

/// Smallest and largest supported precisions (characters of the geohash).
constexpr int kMinCellPrecision = 1;
constexpr int kMaxCellPrecision = 12;

/// The cell containing (lat, lon) at `precision` characters. Latitudes are clamped to
/// [-90, 90] and longitudes wrapped into [-180, 180). Returns an invalid cell for non-finite
/// input or a precision out of range.
GeoCell geocell_of(double lat, double lon, int precision);

/// The cell's geohash string ("u3buz"). Empty for an invalid cell.
std::string geocell_name(GeoCell c);

/// Parses a geohash string (case-insensitive); nullopt when empty, too long or not base32.
std::optional<GeoCell> geocell_from_name(const std::string& s);

/// The cell's box as [west, south, east, north] degrees and its centre.
struct CellBox {
  double west, south, east, north;
  double center_lat() const { return (south + north) / 2; }
  double center_lon() const { return (west + east) / 2; }
};
CellBox geocell_box(GeoCell c);

/// Approximate cell size in km (width at the equator, height) for a precision, for docs/help.
struct CellSizeKm {
  double width, height;
};
CellSizeKm geocell_size_km(int precision);

}  // namespace tweetmap
