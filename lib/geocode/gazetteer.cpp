#include "geocode/gazetteer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace tweetmap::geocode {

std::string_view geocode_table();  // generated (cmake/geocode.cmake): data/geocode.tsv
PrebuiltIndex geocode_index();     // generated with it: the index of its names

namespace {

std::string_view next_field(std::string_view& line) {
  auto tab = line.find('\t');
  std::string_view f = line.substr(0, tab);
  line = tab == std::string_view::npos ? std::string_view{} : line.substr(tab + 1);
  return f;
}

double to_double(std::string_view s) {
  double v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

uint64_t to_u64(std::string_view s) {
  uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// FNV-1a, 64 bits: the index is sorted by it (one sort of integers loads faster than a map).
uint64_t hash_key(std::string_view s) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

constexpr size_t kCodes = 26 * 26;  // two-letter codes, 'A'..'Z' twice

// The slot of a two-letter code in the per-country arrays, or -1.
int cc_slot(std::string_view cc) {
  if (cc.size() != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z') return -1;
  return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

void read_offsets(std::string_view s, Place& p) {
  auto comma = s.find(',');
  if (comma == std::string_view::npos) return;
  int a = 0, b = 0;
  std::from_chars(s.data(), s.data() + comma, a);
  std::from_chars(s.data() + comma + 1, s.data() + s.size(), b);
  p.utc_offset_min[0] = static_cast<int16_t>(a);
  p.utc_offset_min[1] = static_cast<int16_t>(b);
  p.has_offset = true;
}

}  // namespace

Gazetteer::Gazetteer(std::string_view tsv) : text_(tsv) {
  std::vector<std::pair<size_t, std::string_view>> keys;  // (place index, keys field)
  read_places(tsv, keys);
  build_index(keys);
  index_places();
}

Gazetteer::Gazetteer(std::string_view tsv, PrebuiltIndex index)
    : text_(tsv),
      places_(index.places),
      keys_(index.keys),
      slots_(index.slots),
      by_lat_(index.by_lat),
      countries_(index.countries),
      region_starts_(index.region_starts),
      regions_(index.regions) {}

void Gazetteer::read_places(std::string_view tsv,
                            std::vector<std::pair<size_t, std::string_view>>& keys) {
  own_places_.reserve(40000);
  while (!tsv.empty()) {
    auto nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv = nl == std::string_view::npos ? std::string_view{} : tsv.substr(nl + 1);
    if (line.empty() || line[0] == '#') continue;
    std::string_view type = next_field(line);
    Place p;
    std::string_view name_f, cc_f, admin1_f, langs_f;  // the fields, views of the table
    if (type == "c") {
      p.kind = PlaceKind::kCity;
      name_f = next_field(line);
      cc_f = next_field(line);
      admin1_f = next_field(line);
      p.lat = to_double(next_field(line));
      p.lon = to_double(next_field(line));
      p.population = to_u64(next_field(line));
      read_offsets(next_field(line), p);
    } else if (type == "k") {
      p.kind = PlaceKind::kCountry;
      cc_f = next_field(line);
      name_f = next_field(line);
      p.lat = to_double(next_field(line));
      p.lon = to_double(next_field(line));
      p.population = to_u64(next_field(line));
      langs_f = next_field(line);
    } else if (type == "r") {
      p.kind = PlaceKind::kRegion;
      cc_f = next_field(line);
      admin1_f = next_field(line);
      name_f = next_field(line);
      p.lat = to_double(next_field(line));
      p.lon = to_double(next_field(line));
      p.population = to_u64(next_field(line));
      p.located = !admin1_f.empty();
    } else {
      continue;
    }
    // Fields absent from a line are empty views of the line's end (or of nothing at all).
    auto at = [&](std::string_view s) { return s.data() ? offset_of(s) : 0; };
    p.name_at = at(name_f);
    p.name_len = static_cast<uint16_t>(name_f.size());
    p.cc_at = at(cc_f);
    p.cc_len = static_cast<uint8_t>(cc_f.size());
    p.admin1_at = at(admin1_f);
    p.admin1_len = static_cast<uint16_t>(admin1_f.size());
    p.langs_at = at(langs_f);
    p.langs_len = static_cast<uint16_t>(langs_f.size());
    keys.emplace_back(own_places_.size(), next_field(line));
    own_places_.push_back(p);
  }
  places_ = own_places_;
}

// The same algorithm as scripts/geocode-to-cpp, which builds the built-in table's index.
void Gazetteer::build_index(const std::vector<std::pair<size_t, std::string_view>>& keys) {
  own_keys_.reserve(keys.size() * 6);
  for (auto [i, field] : keys) {
    while (!field.empty()) {
      auto bar = field.find('|');
      std::string_view one = field.substr(0, bar);
      field = bar == std::string_view::npos ? std::string_view{} : field.substr(bar + 1);
      if (one.empty()) continue;
      own_keys_.push_back({hash_key(one), static_cast<uint32_t>(one.data() - text_.data()),
                           static_cast<uint32_t>(i)});
    }
  }
  std::sort(own_keys_.begin(), own_keys_.end(), [this](const IndexKey& a, const IndexKey& b) {
    if (a.hash != b.hash) return a.hash < b.hash;
    const uint64_t pa = places_[a.place].population, pb = places_[b.place].population;
    if (pa != pb) return pa > pb;
    return a.place < b.place;
  });
  size_t n_slots = 1;
  while (n_slots < own_keys_.size() * 2) n_slots <<= 1;
  own_slots_.assign(n_slots, 0);
  for (size_t i = 0; i < own_keys_.size(); ++i) {
    if (i > 0 && own_keys_[i].hash == own_keys_[i - 1].hash) continue;
    size_t s = own_keys_[i].hash & (n_slots - 1);
    while (own_slots_[s] != 0) s = (s + 1) & (n_slots - 1);
    own_slots_[s] = static_cast<uint32_t>(i + 1);
  }
  keys_ = own_keys_;
  slots_ = own_slots_;
}

// The same algorithm as scripts/geocode-to-cpp, which builds the built-in table's indexes.
void Gazetteer::index_places() {
  for (size_t i = 0; i < places_.size(); ++i) {
    const Place& p = places_[i];
    if (p.kind == PlaceKind::kCity) own_by_lat_.push_back({p.lat, p.lon, static_cast<uint32_t>(i)});
  }
  // Stable: cities of one latitude keep the order of the table.
  std::stable_sort(own_by_lat_.begin(), own_by_lat_.end(),
                   [](const CityPoint& a, const CityPoint& b) { return a.lat < b.lat; });
  own_countries_.assign(kCodes, 0);
  std::vector<std::vector<uint32_t>> regions(kCodes);
  for (size_t i = 0; i < places_.size(); ++i) {
    const Place& p = places_[i];
    const int slot = cc_slot(cc(p));
    if (slot < 0) continue;
    // The first place listed wins, as it did in a map filled in this order.
    if (p.kind == PlaceKind::kCountry && !own_countries_[slot])
      own_countries_[slot] = static_cast<uint32_t>(i + 1);
    if (p.kind == PlaceKind::kRegion && p.located)
      regions[slot].push_back(static_cast<uint32_t>(i));
  }
  for (auto& run : regions) {
    std::stable_sort(run.begin(), run.end(), [this](uint32_t a, uint32_t b) {
      return admin1(places_[a]) < admin1(places_[b]);
    });
    own_region_starts_.push_back(static_cast<uint32_t>(own_regions_.size()));
    own_regions_.insert(own_regions_.end(), run.begin(), run.end());
  }
  own_region_starts_.push_back(static_cast<uint32_t>(own_regions_.size()));
  by_lat_ = own_by_lat_;
  countries_ = own_countries_;
  region_starts_ = own_region_starts_;
  regions_ = own_regions_;
}

const Gazetteer& Gazetteer::instance() {
  static const Gazetteer g(geocode_table(), geocode_index());
  return g;
}

std::string_view Gazetteer::key_text(uint32_t at) const {
  if (at > text_.size()) return {};
  std::string_view rest = text_.substr(at);
  return rest.substr(0, rest.find_first_of("|\t\r\n"));
}

bool Gazetteer::key_at(uint32_t at, std::string_view key) const {
  if (at > text_.size() || text_.size() - at < key.size()) return false;
  if (text_.compare(at, key.size(), key) != 0) return false;
  const size_t end = at + key.size();
  // A key ends where its field does: the next key, the next field, the end of the line.
  return end == text_.size() || text_[end] == '|' || text_[end] == '\t' || text_[end] == '\n' ||
         text_[end] == '\r';
}

std::vector<const Place*> Gazetteer::lookup(std::string_view key) const {
  std::vector<const Place*> out;
  lookup(key, out);
  return out;
}

void Gazetteer::lookup(std::string_view key, std::vector<const Place*>& out) const {
  out.clear();
  uint64_t h = hash_key(key);
  if (slots_.empty()) return;
  size_t mask = slots_.size() - 1;
  size_t s = h & mask;
  while (slots_[s] != 0 && keys_[slots_[s] - 1].hash != h) s = (s + 1) & mask;
  if (slots_[s] == 0) return;
  for (size_t i = slots_[s] - 1; i < keys_.size() && keys_[i].hash == h; ++i) {
    if (keys_[i].place >= places_.size() || !key_at(keys_[i].key_at, key)) continue;
    const Place* p = &places_[keys_[i].place];
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
}

const Place* Gazetteer::place_at(uint32_t i) const {
  return i < places_.size() ? &places_[i] : nullptr;
}

const Place* Gazetteer::country(std::string_view cc) const {
  const int slot = cc_slot(cc);
  if (slot < 0 || static_cast<size_t>(slot) >= countries_.size() || countries_[slot] == 0)
    return nullptr;
  return place_at(countries_[slot] - 1);
}

const Place* Gazetteer::region(std::string_view cc, std::string_view admin1) const {
  const int slot = cc_slot(cc);
  if (slot < 0 || static_cast<size_t>(slot) + 1 >= region_starts_.size()) return nullptr;
  const uint32_t begin = region_starts_[slot], end = region_starts_[slot + 1];
  if (begin > end || end > regions_.size()) return nullptr;
  const auto run = regions_.subspan(begin, end - begin);
  auto it =
      std::lower_bound(run.begin(), run.end(), admin1, [this](uint32_t i, std::string_view a) {
        const Place* p = place_at(i);
        return p && this->admin1(*p) < a;
      });
  const Place* p = it == run.end() ? nullptr : place_at(*it);
  return p && this->admin1(*p) == admin1 ? p : nullptr;
}

const Place* Gazetteer::city_near(double lat, double lon, double max_km) const {
  const Place* best = nullptr;
  double best_km = max_km;
  // Only the latitude band that can hold a city within max_km (111 km per degree).
  double band = max_km / 111.0 + 0.01;
  // And only the longitudes that can: both points lie within `band` of `lat`, so the cosines of
  // their latitudes are at least c = cos(|lat| + band), the haversine term is at least
  // c^2 sin^2(dlon/2), and sin x >= 2x/pi up to pi/2, which puts every city farther than
  // max_km / (2 R c / pi) radians of longitude beyond max_km (with a margin for rounding).
  constexpr double kPi = 3.14159265358979323846;
  const double c = std::cos((std::abs(lat) + band) * kPi / 180.0);
  const double max_dlon =
      c > 0.05 ? 1.01 * max_km * kPi / (2 * 6371.0 * c) * 180.0 / kPi + 1e-9 : 360.0;
  auto it = std::lower_bound(by_lat_.begin(), by_lat_.end(), lat - band,
                             [](const CityPoint& city, double v) { return city.lat < v; });
  for (; it != by_lat_.end() && it->lat <= lat + band; ++it) {
    double dlon = std::abs(it->lon - lon);
    if (dlon > 180.0) dlon = 360.0 - dlon;
    if (dlon > max_dlon) continue;
    if (it->place >= places_.size()) continue;
    const Place& p = places_[it->place];
    double d = distance_km(lat, lon, p.lat, p.lon);
    if (d <= best_km) {
      best_km = d;
      best = &p;
    }
  }
  return best;
}

double distance_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(lat1 * kRad) *
                                                           std::cos(lat2 * kRad) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 6371.0 * 2 * std::atan2(std::sqrt(a), std::sqrt(1 - a));
}

}  // namespace tweetmap::geocode
