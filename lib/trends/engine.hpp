// The trends engine: counts terms per scope (global, country, grid cell) in event-time buckets
// and turns them into snapshots of what is trending and where (docs/TRENDS.md).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "core/status.hpp"
#include "trends/score.hpp"
#include "trends/terms.hpp"

namespace tweetmap {

/// Options of the engine (tweet-trends(1) documents each). Plain value type.
struct TrendsConfig {
  int64_t interval_ms = 10'000;     ///< snapshot interval = bucket width
  int64_t window_ms = 300'000;      ///< current window (a multiple of the interval)
  int64_t baseline_ms = 3'600'000;  ///< horizon of the baseline's exponential decay
  int64_t lateness_ms = 5'000;      ///< how far behind the newest record a record still counts
  int64_t warmup_ms = 120'000;      ///< history the baseline needs before anything trends
  int cell_precision = 4;           ///< geohash characters of a grid cell
  uint32_t capacity = 32768;        ///< tracked (scope, term) keys per scope kind
  uint32_t top = 10;                ///< trends per scope
  uint32_t max_regions = 50;        ///< countries and cells listed per snapshot (each)
  uint32_t where_cells = 3;         ///< top cells listed per trend
  uint32_t min_count = 5;           ///< least window count of a trend
  double threshold = 4.5;           ///< least score of a trend
  ScoreParams score;                ///< prior and dispersion
  bool global = true, country = true, cell = true;  ///< scopes computed
  TermMode terms = TermMode::kHashtags;
  bool skip_retweets = false;
};

/// Checks the options together (e.g. the window is a whole number of intervals). Usage errors.
Status validate_trends_config(const TrendsConfig& c);

/// Counters for --stats and the end-of-run summary.
struct TrendsCounters {
  uint64_t posts = 0;      ///< posts given to add()
  uint64_t counted = 0;    ///< posts counted in a bucket
  uint64_t late = 0;       ///< posts older than the lateness allows (not counted)
  uint64_t no_time = 0;    ///< posts without a usable `ts` (not counted)
  uint64_t retweets = 0;   ///< reposts skipped (--skip-retweets)
  uint64_t terms = 0;      ///< term occurrences counted
  uint64_t snapshots = 0;  ///< snapshots written
  int64_t first_late_ts = 0;
};

/// Feeds on posts in arrival order and writes snapshots as event time passes their end.
/// Memory is bounded by the config (capacity and window), never by the input. Deterministic:
/// the same sequence of add() calls produces the same bytes. Not thread-safe.
class TrendsEngine {
 public:
  /// `c` must have passed validate_trends_config().
  explicit TrendsEngine(const TrendsConfig& c);
  ~TrendsEngine();
  TrendsEngine(const TrendsEngine&) = delete;
  TrendsEngine& operator=(const TrendsEngine&) = delete;

  /// Appends to `out` every snapshot that falls due at the post's time, then counts the post.
  /// Returns false when the post was not counted (late, no time, or a skipped repost).
  bool add(const Record& r, std::string& out);
  /// End of input: appends the snapshots up to the end of the last post's interval.
  void finish(std::string& out);
  const TrendsCounters& counters() const;
  /// Keys currently tracked over all scopes, and the fixed bytes the tables use.
  uint64_t tracked_keys() const;
  uint64_t table_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tweetmap
