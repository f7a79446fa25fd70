#include "trends/where.hpp"

#include <algorithm>
#include <bitset>
#include <cmath>
#include <numbers>
#include <string>

#include "trends/geocell.hpp"

namespace tweetmap::trends_detail {

void scan_where(const Table& cells, int64_t e, int64_t lateness_buckets, WhereMap& where) {
  if (!where.empty()) {
    // A 1024-bit filter of the wanted hashes keeps map lookups off the common path.
    std::bitset<1024> wanted;
    for (const auto& [h, hits] : where) wanted.set(h & 1023);
    for (uint32_t i = 0; i < cells.keys.size(); ++i) {
      if (!wanted.test(cells.keys.term_hash(i) & 1023) || cells.keys.total(i) == 0) continue;
      auto it = where.find(cells.keys.term_hash(i));
      if (it == where.end()) continue;
      uint32_t x = window_count(cells, i, e, lateness_buckets);
      if (x > 0) it->second.push_back({i, x});
    }
  }
}

void add_where(TrendItem& item, Scope kind, const Table& t, const Candidate& c, uint64_t scope_code,
               const Table* cells_table, const WhereMap& where, size_t max_cells) {
  if (!cells_table) return;
  const Table& cells = *cells_table;
  const std::string& term = t.keys.term(c.index);
  std::vector<CellHit> hits;
  if (kind == Scope::kCell) {
    hits.push_back({c.index, c.count});
  } else if (auto it = where.find(t.keys.term_hash(c.index)); it != where.end()) {
    for (const CellHit& h : it->second) {
      if (cells.keys.term(h.index) != term) continue;
      if (kind == Scope::kCountry && cells.pay[h.index].cc != scope_code) continue;
      hits.push_back(h);
    }
  }
  // Centroid: count-weighted mean of the cells' mean positions, on the unit sphere (so a
  // trend spread across the antimeridian is centred near it, not near 0).
  double sx = 0, sy = 0, sz = 0;
  for (const CellHit& h : hits) {
    const Payload& p = cells.pay[h.index];
    const double la = p.lat * std::numbers::pi / 180, lo = p.lon * std::numbers::pi / 180;
    sx += h.count * std::cos(la) * std::cos(lo);
    sy += h.count * std::cos(la) * std::sin(lo);
    sz += h.count * std::sin(la);
  }
  if (!hits.empty() && (sx != 0 || sy != 0 || sz != 0)) {
    item.lat = std::atan2(sz, std::hypot(sx, sy)) * 180 / std::numbers::pi;
    item.lon = std::atan2(sy, sx) * 180 / std::numbers::pi;
  }
  std::sort(hits.begin(), hits.end(), [&](const CellHit& a, const CellHit& b) {
    if (a.count != b.count) return a.count > b.count;
    return cells.keys.scope(a.index) < cells.keys.scope(b.index);
  });
  if (hits.size() > max_cells) hits.resize(max_cells);
  for (const CellHit& h : hits) {
    const Payload& p = cells.pay[h.index];
    GeoCell gc{cells.keys.scope(h.index) & ~kWordBit};
    item.cells.push_back({geocell_name(gc), h.count, p.lat, p.lon});
  }
  if (item.place.empty() && !hits.empty() && cells.pay[hits.front().index].place_hash != 0)
    item.place = cells.place[hits.front().index];
}

}  // namespace tweetmap::trends_detail
