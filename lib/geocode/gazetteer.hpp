// The geocoder's gazetteer: GeoNames cities of 15,000+ people, countries and first-level regions
// with their names in many languages (data/geocode.tsv, built into the binary), indexed by
// lookup key (geocode/normalize.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tweetmap::geocode {

enum class PlaceKind : uint8_t { kCity, kRegion, kCountry };

/// One place. Its strings are byte offsets and lengths in the table's text: Gazetteer::name(),
/// cc(), admin1() and langs() read them. The built-in table's places are this very layout,
/// written by scripts/geocode-to-cpp (little-endian, 56 bytes each) and used where they lie. A
/// string is at most 65,535 bytes, a country code 255.
struct Place {
  double lat = 0, lon = 0;  ///< the city, or a region's/country's population-weighted centre
  uint64_t population = 0;
  uint32_t name_at = 0;    ///< "Porto Alegre", "Texas", "Brazil"
  uint32_t cc_at = 0;      ///< ISO 3166-1 alpha-2
  uint32_t admin1_at = 0;  ///< GeoNames admin-1 code of a city or region ("TX", "ON", "23")
  uint32_t langs_at = 0;   ///< a country's languages, "pt" or "en,fr"
  uint16_t name_len = 0, admin1_len = 0, langs_len = 0;
  int16_t utc_offset_min[2] = {0, 0};  ///< a city's UTC offsets in January and July
  PlaceKind kind = PlaceKind::kCity;
  bool has_offset = false;
  bool located = true;  ///< false: a region known by name only (a qualifier, no position)
  uint8_t cc_len = 0;
};
static_assert(sizeof(Place) == 56);

/// One entry of the name index: the FNV-1a hash of a lookup key, the key's byte offset in the
/// table text, and the index of its place (in the order of the table's lines).
struct IndexKey {
  uint64_t hash;
  uint32_t key_at;
  uint32_t place;
};

/// One city of the latitude index (24 bytes, as scripts/geocode-to-cpp writes them).
struct CityPoint {
  double lat, lon;
  uint32_t place;
};
static_assert(sizeof(CityPoint) == 24);

/// The indexes of a table. The name index: entries sorted by hash, then population (largest
/// first), then place; and open-addressing slots (linear probing from hash & (size - 1)) holding
/// 1 + the first entry of each hash, 0 when free. The place indexes: the cities by latitude
/// (one latitude in table order), and per two-letter code ('A'..'Z' twice, 26 * 26 slots) the
/// first country listed and the located regions sorted by admin-1 code. The built-in table's
/// are built with it at build time (scripts/geocode-to-cpp), any other table's at load.
struct PrebuiltIndex {
  std::span<const IndexKey> keys;
  std::span<const uint32_t> slots;
  std::span<const Place> places;  ///< the table's places, in the order of its lines
  std::span<const CityPoint> by_lat;
  std::span<const uint32_t> countries;  ///< per code: 1 + the country's place, 0 for none
  std::span<const uint32_t>
      region_starts;                  ///< per code: where its run of `regions` starts, then the end
  std::span<const uint32_t> regions;  ///< the places of the runs
};

class Gazetteer {
 public:
  /// The built-in table with its prebuilt index, loaded on first use (thread-safe; later calls
  /// are free).
  static const Gazetteer& instance();
  /// Parses a table in the format of data/geocode.tsv and indexes its names (tests). `tsv`
  /// must outlive the object.
  explicit Gazetteer(std::string_view tsv);
  /// A table whose places and indexes were read beforehand; all must outlive the object.
  Gazetteer(std::string_view tsv, PrebuiltIndex index);
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

  /// Every place whose name folds to `key`, most populous first.
  std::vector<const Place*> lookup(std::string_view key) const;
  /// The same into `out` (cleared first; its capacity is kept, so a reused vector allocates
  /// nothing).
  void lookup(std::string_view key, std::vector<const Place*>& out) const;
  /// The country with ISO code `cc`, or null.
  const Place* country(std::string_view cc) const;
  /// The region (cc, admin1), or null.
  const Place* region(std::string_view cc, std::string_view admin1) const;
  /// The nearest city within `max_km` of the point, or null.
  const Place* city_near(double lat, double lon, double max_km) const;
  size_t size() const { return places_.size(); }
  /// A place's strings (views of the table's text; empty for an offset outside it).
  std::string_view name(const Place& p) const { return text(p.name_at, p.name_len); }
  std::string_view cc(const Place& p) const { return text(p.cc_at, p.cc_len); }
  std::string_view admin1(const Place& p) const { return text(p.admin1_at, p.admin1_len); }
  std::string_view langs(const Place& p) const { return text(p.langs_at, p.langs_len); }
  /// Calls f(key, place) for every lookup key of every place (the table's order).
  template <typename F>
  void for_each_key(F&& f) const {
    for (const IndexKey& e : keys_)
      if (e.place < places_.size()) f(key_text(e.key_at), places_[e.place]);
  }

 private:
  void read_places(std::string_view tsv, std::vector<std::pair<size_t, std::string_view>>& keys);
  void build_index(const std::vector<std::pair<size_t, std::string_view>>& keys);
  // Builds the place indexes (PrebuiltIndex) of a table read at load.
  void index_places();
  const Place* place_at(uint32_t i) const;  // null when out of range
  bool key_at(uint32_t at, std::string_view key) const;
  std::string_view text(uint32_t at, uint32_t len) const {
    return at <= text_.size() && len <= text_.size() - at ? std::string_view(text_.data() + at, len)
                                                          : std::string_view{};
  }
  // The offset of a view of the table's text.
  uint32_t offset_of(std::string_view s) const {
    return static_cast<uint32_t>(s.data() - text_.data());
  }
  // The key that starts at byte `at` of the table (up to the end of its field).
  std::string_view key_text(uint32_t at) const;

  std::string_view text_;
  std::vector<Place> own_places_;  // the places read at load, when there are no prebuilt ones
  std::span<const Place> places_;
  // The indexes built at load, when there are no prebuilt ones.
  std::vector<IndexKey> own_keys_;
  std::vector<uint32_t> own_slots_;
  std::vector<CityPoint> own_by_lat_;
  std::vector<uint32_t> own_countries_, own_region_starts_, own_regions_;
  // The indexes in use (PrebuiltIndex).
  std::span<const IndexKey> keys_;
  std::span<const uint32_t> slots_;
  std::span<const CityPoint> by_lat_;  // city_near reads them in a row
  std::span<const uint32_t> countries_, region_starts_, regions_;
};

/// Great-circle distance in km.
double distance_km(double lat1, double lon1, double lat2, double lon2);

}  // namespace tweetmap::geocode
