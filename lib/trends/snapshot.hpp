// The trends snapshot: what tweet-trends writes every interval, and its JSON form
// (docs/TRENDS.md, "Snapshot format").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trends/scope.hpp"

namespace tweetmap {

/// A cell where a trend is hot.
struct TrendCell {
  std::string cell;  ///< geohash
  uint32_t count = 0;
  double lat = 0, lon = 0;  ///< mean position of the term's posts in that cell
};

/// One trending term in one scope.
struct TrendItem {
  std::string term;  ///< "#tag" for hashtags, the bare word for words
  uint32_t count = 0;
  double expected = 0;
  double score = 0;
  int64_t since = 0;  ///< event time (ms) of the first snapshot it trended in, in this scope
  std::optional<double> lat, lon;  ///< centroid of where it is hot
  std::string place;               ///< the place name most seen with it
  std::vector<TrendCell> cells;    ///< top cells by count
};

/// The trends of one scope: global, a country or a grid cell.
struct TrendScope {
  using Kind = Scope;
  Scope kind = Scope::kGlobal;
  std::string name;  ///< "" for global, the country code, or the geohash
  std::vector<TrendItem> trends;
};

/// A complete snapshot.
struct TrendsSnapshot {
  int64_t ts = 0;  ///< end of the window, ms since the epoch (event time)
  int64_t interval_ms = 0, window_ms = 0;
  bool warming = false;  ///< the baseline has not seen enough history to report trends yet
  /// While warming: event time the stream covers up to `ts`, and the event time it must cover
  /// before trends are listed (the window plus the warm-up); both ms. Written only while warming.
  int64_t warmup_seen_ms = 0, warmup_need_ms = 0;
  uint64_t records = 0;  ///< records counted in the window
  std::vector<TrendScope> scopes;
};

/// Appends the snapshot as one compact JSON line (with '\n'). Same snapshot, same bytes:
/// numbers are rounded (scores and expectations to 2 decimals, positions to 5).
void append_snapshot_json(const TrendsSnapshot& s, std::string& out);

}  // namespace tweetmap
