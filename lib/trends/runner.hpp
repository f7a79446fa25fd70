// The tweet-trends pipeline: lines in, the same lines out with trends snapshots interleaved.
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/line_io.hpp"
#include "core/status.hpp"
#include "trends/engine.hpp"

namespace tweetmap {

/// What run_trends() reads and how it reports. Plain value type.
struct TrendsRunOptions {
  std::vector<std::string> inputs;  ///< files, "-" for stdin; empty means stdin
  double stats_seconds = 0;         ///< --stats: a counters line on stderr every N s (0 = off)
  TrendsConfig config;
};

/// Reads every input in order and writes each JSON line through unchanged (posts, other events,
/// earlier trends lines alike), with a {"type":"trends",...} snapshot written whenever event
/// time passes the end of an interval; at end of input the last interval's snapshot follows.
/// Blank lines are dropped; malformed lines are dropped, counted and the first one reported
/// with its line number. Returns an error for an unreadable input or a failed write (a closed
/// pipe gives ErrorCode::kClosed); a stop request (SIGINT/SIGTERM) ends it early with ok.
Status run_trends(const TrendsRunOptions& opts, OutputSink& out, Clock& clock);

}  // namespace tweetmap
