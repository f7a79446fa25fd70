// The built-in city table (GeoNames cities of 100,000+ people) used by the synthetic firehose.
#pragma once

#include <cstdint>
#include <span>

namespace tweetmap {

/// The table's strings, NUL-terminated, one after the other (generated).
extern const char kGazetteerText[];

/// One city. Strings are static UTF-8, held as offsets into kGazetteerText: a table of pointers
/// would be relocated by the loader, and its pages written, at every start of a program.
struct GazetteerCity {
  uint32_t name_at, country_at, cc_at, lang_at;
  double lat, lon;  ///< WGS84 degrees
  uint32_t population;

  const char* name() const { return kGazetteerText + name_at; }        ///< "São Paulo"
  const char* country() const { return kGazetteerText + country_at; }  ///< "Brazil"
  const char* cc() const { return kGazetteerText + cc_at; }            ///< ISO 3166-1, "BR"
  const char* lang() const { return kGazetteerText + lang_at; }        ///< the first language, "pt"
};

/// Every city, largest population first. Static data; thread-safe.
std::span<const GazetteerCity> gazetteer_cities();

}  // namespace tweetmap
