// Counters of a record stream, the periodic --stats line and the progress line on a terminal.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/clock.hpp"
#include "core/stats_ticker.hpp"

namespace tweetmap {

class DecompressingSource;

/// What a stream pipeline has seen so far. Plain value type.
struct StreamCounters {
  uint64_t lines = 0;        ///< input lines read (including blank, control and malformed)
  uint64_t posts = 0;        ///< posts parsed (records in)
  uint64_t out = 0;          ///< records (or raw lines) written
  uint64_t filtered = 0;     ///< posts dropped by the filters
  uint64_t control = 0;      ///< non-post messages (delete, limit, warning, errors, ...)
  uint64_t blank = 0;        ///< blank keep-alive lines
  uint64_t malformed = 0;    ///< lines skipped as malformed (bad JSON, truncated, oversized, ...)
  uint64_t bytes_in = 0;     ///< input bytes (after decompression)
  uint64_t bytes_out = 0;    ///< bytes written
  uint64_t geo_profile = 0;  ///< posts placed from the author's profile location (--geocode)
  uint64_t geo_text = 0;     ///< posts placed from a place named in the text (--geocode)
  bool budget = false;       ///< a read budget applies (tweet-stream x --max-reads)
  uint64_t reads = 0;        ///< with budget: reads counted in this period (every process)
  uint64_t reads_left = 0;   ///< with budget: reads left in this period
};

/// Formats "in=.. out=.. filtered=.. control=.. blank=.. malformed=.. bytes_in=.. bytes_out=..
/// geo_profile=.. geo_text=.." (and "reads=.. reads_left=.." with a read budget)
/// plus rates over `interval_ms` relative to `prev` (rates are left out when interval_ms <= 0).
std::string format_stats(const StreamCounters& now, const StreamCounters& prev,
                         int64_t interval_ms);

/// Prints the --stats line every `stats_seconds` and, when `progress` is set, a one-line progress
/// display (rewritten in place with "\r") for the current input. Writes to stderr. Not
/// thread-safe; call tick() often (it is cheap when nothing is due).
class StatsReporter {
 public:
  StatsReporter(Clock& clock, double stats_seconds, bool progress);
  /// The input now being read (for the progress line); `src` may be null (no size known).
  void set_input(const std::string& name, const DecompressingSource* src);
  /// Prints what is due.
  void tick(const StreamCounters& c);
  /// Removes the progress line (call before printing other diagnostics).
  void clear_progress();
  /// Clears the progress line and, when --stats is on, prints a last stats line.
  void finish(const StreamCounters& c);
  /// Counters of the source itself (e.g. the events of a live stream), appended to each stats
  /// line after a space; `extra` is called on this thread when a line is printed.
  void set_extra(std::function<std::string()> extra) { extra_ = std::move(extra); }

 private:
  void draw_progress(const StreamCounters& c, int64_t now);
  Clock& clock_;
  bool progress_;
  bool progress_shown_ = false;
  std::string input_name_;
  const DecompressingSource* src_ = nullptr;
  int64_t start_ms_;
  StatsTicker stats_;
  int64_t last_progress_ms_ = 0;
  StreamCounters prev_{};
  std::function<std::string()> extra_;
};

/// True when progress lines make sense: stderr is a terminal and TERM is not "dumb".
bool stderr_is_terminal();

}  // namespace tweetmap
