// Event-time buckets for trend detection: bucket arithmetic, the watermark, lateness and the
// sliding window each snapshot covers.
#pragma once

#include <algorithm>
#include <cstdint>

namespace tweetmap {

/// Bucket and window geometry plus the event-time progress of one stream. Plain value type.
///
/// Time is cut into buckets of `bucket_ms` (the snapshot interval); bucket b covers
/// [b*bucket_ms, (b+1)*bucket_ms). The snapshot ending at bucket e (written at event time
/// e*bucket_ms) covers the window of buckets [e-W, e). The watermark is the newest event time
/// seen minus the allowed lateness; a snapshot is due once the watermark reaches its end. A record
/// is accepted while the first window containing its bucket has not been written yet, so records
/// up to `lateness_ms` behind the newest one are counted; older ones are late.
class TrendWindow {
 public:
  TrendWindow(int64_t bucket_ms, int64_t window_buckets, int64_t lateness_ms);

  /// floor(ts / bucket_ms), correct for negative times.
  int64_t bucket_of(int64_t ts) const;
  int64_t bucket_ms() const { return bucket_ms_; }
  int64_t window_buckets() const { return window_; }
  /// Buckets past the next snapshot's end that may already receive records (ceil(lateness)).
  int64_t lateness_buckets() const { return lateness_buckets_; }
  /// Number of buckets kept live: the window, the open bucket and the lateness allowance.
  int64_t ring_buckets() const { return window_ + lateness_buckets_ + 1; }

  /// True once a record has been seen.
  bool started() const { return started_; }
  /// Moves event time forward with a record's time (the first call also starts the stream).
  void observe(int64_t ts);
  /// Newest event time seen minus the lateness (meaningful once started).
  int64_t watermark() const { return max_ts_ - lateness_ms_; }
  /// End bucket of the next snapshot to write.
  int64_t next_end() const { return next_end_; }
  /// True when the next snapshot is due (the watermark reached its end).
  bool due() const { return started_ && watermark() >= next_end_ * bucket_ms_; }
  /// Marks the next snapshot as written; returns the bucket that leaves the window.
  int64_t advance();
  /// Skips `n` snapshots at once (used across long gaps with nothing to report).
  void skip(int64_t n) { next_end_ += n; }
  /// Snapshots due now: how many advance() calls the watermark allows.
  int64_t due_count() const;
  /// True when a record at `ts` still counts (its first window was not written yet).
  bool accepts(int64_t ts) const { return bucket_of(ts) >= next_end_ - 1; }
  /// First bucket of the stream.
  int64_t first_bucket() const { return first_; }
  /// Buckets of the window ending at `end` that lie inside the stream (<= W).
  int64_t effective_window(int64_t end) const;
  /// Buckets of the stream before the window ending at `end` (the baseline's history).
  int64_t history_buckets(int64_t end) const;
  /// Buckets of the stream up to `end` (its window and its history). Event time, not arrival:
  /// history read at once (a backfill, a topic read from the past) counts at once.
  int64_t covered_buckets(int64_t end) const { return std::max<int64_t>(0, end - first_); }
  /// End bucket covering everything seen so far (for the final snapshots at end of input).
  int64_t final_end() const { return bucket_of(max_ts_) + 1; }

 private:
  int64_t bucket_ms_, window_, lateness_ms_, lateness_buckets_;
  bool started_ = false;
  int64_t max_ts_ = 0, next_end_ = 0, first_ = 0;
};

}  // namespace tweetmap
