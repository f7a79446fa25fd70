#include "trends/geocell.hpp"

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
  return GeoCell{(uint64_t{1} << (5 * precision)) | bits};
}

}  // namespace

GeoCell geocell_of(double lat, double lon, int precision) {
  if (!std::isfinite(lat) || !std::isfinite(lon)) return {};
  if (precision < kMinCellPrecision || precision > kMaxCellPrecision) return {};
  lat = std::clamp(lat, -90.0, 90.0);
  if (lon < -180.0 || lon >= 180.0)
    lon = std::fmod(std::fmod(lon + 180.0, 360.0) + 360.0, 360.0) - 180.0;
  // Even bits split longitude, odd bits latitude (geohash order). Each axis is bisected on its
  // own without branches (the halves are exact in binary), then the bits are interleaved.
  const int n = precision * 5;
  auto bisect = [](double v, double lo, double hi, int count) {
    uint64_t out = 0;
    for (int i = 0; i < count; ++i) {
      const double mid = (lo + hi) / 2;
      const bool up = v >= mid;
      out = (out << 1) | static_cast<uint64_t>(up);
      lo = up ? mid : lo;
      hi = up ? hi : mid;
    }
    return out;
  };
  const int lon_count = (n + 1) / 2, lat_count = n / 2;
  const uint64_t lon_bits = bisect(lon, -180, 180, lon_count);
  const uint64_t lat_bits = bisect(lat, -90, 90, lat_count);
  uint64_t bits = 0;
  for (int i = 0; i < n; ++i) {
    const uint64_t bit = i % 2 == 0 ? (lon_bits >> (lon_count - 1 - i / 2)) & 1
                                    : (lat_bits >> (lat_count - 1 - i / 2)) & 1;
    bits = (bits << 1) | bit;
  }
  return make_cell(bits, precision);
}

std::string geocell_name(GeoCell c) {
  if (!c.valid()) return {};
  const int p = c.precision();
  std::string out(static_cast<size_t>(p), '0');
  uint64_t bits = c.bits();
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
  uint64_t bits = c.bits();
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
