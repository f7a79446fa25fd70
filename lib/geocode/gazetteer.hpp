// The geocoder's gazetteer: GeoNames cities of 15,000+ people, countries and first-level regions
// with their names in many languages (data/geocode.tsv, built into the binary), indexed by
// lookup key (geocode/normalize.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tweetmap::geocode {

enum class PlaceKind : uint8_t { kCity, kRegion, kCountry };

/// One place. Strings point into the static table.
struct Place {
  PlaceKind kind = PlaceKind::kCity;
  std::string_view name;    ///< "Porto Alegre", "Texas", "Brazil"
  std::string_view cc;      ///< ISO 3166-1 alpha-2
  std::string_view admin1;  ///< GeoNames admin-1 code of a city or region ("TX", "ON", "23")
  std::string_view langs;   ///< a country's languages, "pt" or "en,fr"
  double lat = 0, lon = 0;  ///< the city, or a region's/country's population-weighted centre
  uint64_t population = 0;
  int16_t utc_offset_min[2] = {0, 0};  ///< a city's UTC offsets in January and July
  bool has_offset = false;
  bool located = true;  ///< false: a region known by name only (a qualifier, no position)
};

class Gazetteer {
 public:
  /// The built-in table, loaded on first use (thread-safe; later calls are free).
  static const Gazetteer& instance();
  /// Parses a table in the format of data/geocode.tsv (tests). `tsv` must outlive the object.
  explicit Gazetteer(std::string_view tsv);

  /// Every place whose name folds to `key`, most populous first.
  std::vector<const Place*> lookup(std::string_view key) const;
  /// The country with ISO code `cc`, or null.
  const Place* country(std::string_view cc) const;
  /// The region (cc, admin1), or null.
  const Place* region(std::string_view cc, std::string_view admin1) const;
  /// The nearest city within `max_km` of the point, or null.
  const Place* city_near(double lat, double lon, double max_km) const;
  size_t size() const { return places_.size(); }
  /// Calls f(key, place) for every lookup key of every place (the table's order).
  template <typename F>
  void for_each_key(F&& f) const {
    for (const KeyEntry& e : keys_) f(e.key, places_[e.place]);
  }

 private:
  std::vector<Place> places_;
  struct KeyEntry {
    uint64_t hash;
    std::string_view key;
    uint32_t place;
  };
  std::vector<KeyEntry> keys_;    // sorted by hash, then population (largest first)
  std::vector<uint32_t> slots_;   // open addressing: 1 + the first keys_ index of a hash, 0 = free
  std::vector<uint32_t> by_lat_;  // the cities, by latitude (city_near)
  std::unordered_map<std::string_view, const Place*> countries_;
  std::unordered_map<std::string, const Place*> regions_;  // "cc admin1"
};

/// Great-circle distance in km.
double distance_km(double lat1, double lon1, double lat2, double lon2);

}  // namespace tweetmap::geocode
