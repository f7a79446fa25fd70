#include "geocode/place_search.hpp"

#include <algorithm>
#include <unordered_set>

#include "geocode/normalize.hpp"

namespace tweetmap::geocode {

const PlaceSearch& PlaceSearch::instance() {
  static const PlaceSearch s(Gazetteer::instance());
  return s;
}

PlaceSearch::PlaceSearch(const Gazetteer& g) : gazetteer_(g) {
  keys_.reserve(g.size() * 12);
  g.for_each_key([this](std::string_view key, const Place& p) {
    if (p.located) keys_.emplace_back(key, &p);
  });
  std::sort(keys_.begin(), keys_.end());
}

std::vector<PlaceHit> PlaceSearch::find(std::string_view query, size_t limit) const {
  std::vector<PlaceHit> out;
  std::string key = fold_key(query);
  if (key.empty() || limit == 0) return out;
  std::unordered_set<const Place*> seen;
  for (const Place* p : gazetteer_.lookup(key)) {
    if (out.size() >= limit) return out;
    if (p->located && seen.insert(p).second) out.push_back({p, true});
  }
  // Names that begin with the query, most populous first (from two bytes on: one Latin letter
  // begins too many names to be a useful prefix; one CJK character is three bytes).
  std::vector<PlaceHit> more;
  if (key.size() < 2) return out;
  auto it = std::lower_bound(keys_.begin(), keys_.end(), std::string_view(key),
                             [](const auto& e, std::string_view k) { return e.first < k; });
  for (size_t n = 0; it != keys_.end() && n < kMaxScan && it->first.starts_with(key); ++it, ++n) {
    if (seen.insert(it->second).second) more.push_back({it->second, false});
  }
  std::stable_sort(more.begin(), more.end(), [](const PlaceHit& a, const PlaceHit& b) {
    return a.place->population > b.place->population;
  });
  for (const PlaceHit& h : more) {
    if (out.size() >= limit) break;
    out.push_back(h);
  }
  return out;
}

}  // namespace tweetmap::geocode
