// The built-in city table (GeoNames cities of 100,000+ people) used by the synthetic firehose.
#pragma once

#include <cstdint>
#include <span>

namespace tweetmap {

/// One city. Strings are static UTF-8.
struct GazetteerCity {
  const char* name;     ///< "São Paulo"
  const char* country;  ///< "Brazil"
  const char* cc;       ///< ISO 3166-1 alpha-2, "BR"
  const char* lang;     ///< the country's first language, "pt"
  double lat, lon;      ///< WGS84 degrees
  uint32_t population;
};

/// Every city, largest population first. Static data; thread-safe.
std::span<const GazetteerCity> gazetteer_cities();

}  // namespace tweetmap
