// Where a trend is hot: the cells of the window that hold its term, their centroid and the
// leading ones. Internal to the trends engine (lib/trends/engine.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "trends/snapshot.hpp"
#include "trends/table.hpp"

namespace tweetmap::trends_detail {

/// Term hash -> the cells holding that term in the window.
using WhereMap = std::unordered_map<uint64_t, std::vector<CellHit>>;

/// One pass over the cell table: every key whose term hash is in `where` and that has a count in
/// the window ending at bucket `e` is appended to that term's cells.
void scan_where(const Table& cells, int64_t e, int64_t lateness_buckets, WhereMap& where);

/// Fills the "where" of trend `c` of `t` (in scope `kind`; a country's is `scope_code`): the
/// count-weighted centroid of its cells, the `max_cells` busiest of them, and the place of the
/// busiest when the item has none. Nothing when there is no cell table.
void add_where(TrendItem& item, Scope kind, const Table& t, const Candidate& c, uint64_t scope_code,
               const Table* cells, const WhereMap& where, size_t max_cells);

}  // namespace tweetmap::trends_detail
