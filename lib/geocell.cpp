#include "geocell.hpp"

#include <algorithm>
#include <cmath>

namespace tweetmap {

namespace {

constexpr char kBase32[] = "0123456789bcdefghjkmnpqrstuvwxyz";

int base32_value(char c) {
  if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  for (int i = 0; i < 32; ++i) {
    if (kBase32[i] == c) return i;
  }
  return -1;
}

GeoCell make_cell(uint64_t bits, int precision) {
  return GeoCell{(static_cast<uint64_t>(precision) << 56) | bits};
}

}  // namespace

GeoCell geocell_of(double lat, double lon, int precision) {
  if (!std::isfinite(lat) || !std::isfinite(lon)) return {};
  if (precision < kMinCellPrecision || precision > kMaxCellPrecision) return {};
  lat = std::clamp(lat, -90.0, 90.0);
  if (lon < -180.0 || lon >= 180.0)
    lon = std::fmod(std::fmod(lon + 180.0, 360.0) + 360.0, 360.0) - 180.0;
  double lat_lo = -90, lat_hi = 90, lon_lo = -180, lon_hi = 180;
  uint64_t bits = 0;
  const int n = precision * 5;
  for (int i = 0; i < n; ++i) {
    bits <<= 1;
    // Even bits split longitude, odd bits latitude (geohash order).
    if (i % 2 == 0) {
      double mid = (lon_lo + lon_hi) / 2;
      if (lon >= mid) {
        bits |= 1;
        lon_lo = mid;
      } else {
        lon_hi = mid;
      }
    } else {
      double mid = (lat_lo + lat_hi) / 2;
      if (lat >= mid) {
        bits |= 1;
        lat_lo = mid;
      } else {
        lat_hi = mid;
      }
    }
  }
  return make_cell(bits, precision);
}

std::string geocell_name(GeoCell c) {
  if (!c.valid()) return {};
  const int p = c.precision();
  std::string out(static_cast<size_t>(p), '0');
  uint64_t bits = c.code & ((uint64_t{1} << 56) - 1);
  for (int i = p - 1; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kBase32[bits & 31];
    bits >>= 5;
  }
  return out;
}

std::optional<GeoCell> geocell_from_name(const std::string& s) {
  if (s.empty() || s.size() > kMaxCellPrecision) return std::nullopt;
  uint64_t bits = 0;
  for (char ch : s) {
    int v = base32_value(ch);
    if (v < 0) return std::nullopt;
    bits = (bits << 5) | static_cast<uint64_t>(v);
  }
  return make_cell(bits, static_cast<int>(s.size()));
}

CellBox geocell_box(GeoCell c) {
  CellBox b{-180, -90, 180, 90};
  if (!c.valid()) return b;
  const int n = c.precision() * 5;
  uint64_t bits = c.code & ((uint64_t{1} << 56) - 1);
  for (int i = 0; i < n; ++i) {
    bool one = (bits >> (n - 1 - i)) & 1;
    if (i % 2 == 0) {
      double mid = (b.west + b.east) / 2;
      (one ? b.west : b.east) = mid;
    } else {
      double mid = (b.south + b.north) / 2;
      (one ? b.south : b.north) = mid;
    }
  }
  return b;
}

CellSizeKm geocell_size_km(int precision) {
  const int n = precision * 5;
  const int lon_bits = (n + 1) / 2, lat_bits = n / 2;
  constexpr double kKmPerDegree = 111.32;
  return {360.0 / std::ldexp(1.0, lon_bits) * kKmPerDegree,
          180.0 / std::ldexp(1.0, lat_bits) * kKmPerDegree};
}

}  // namespace tweetmap
