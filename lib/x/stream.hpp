// The X API v2 filtered stream client: one long-lived HTTP response, split into lines, with the
// documented reconnect policy (see backoff.hpp) around it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/delay.hpp"
#include "core/status.hpp"
#include "x/api.hpp"
#include "x/backoff.hpp"
#include "x/read_budget.hpp"

namespace tweetmap {

/// Receives what the stream delivers. Called on the stream's thread only.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  /// One complete line (without "\r\n"; empty for a keep-alive). When `padded`, at least 64
  /// readable bytes follow it. Set `reconnect` (with `why`) when the line asks the client to
  /// reconnect (an `operational-disconnect` error). A non-ok Status ends the stream with it.
  virtual Status line(std::string_view line, bool padded, bool& reconnect, std::string& why) = 0;
  /// A line longer than the limit was dropped (or a partial line was cut off by a drop).
  virtual Status skipped_line(std::string_view reason) = 0;
  /// No further line is ready right now: write out what is buffered.
  virtual Status idle() = 0;
  /// True when no more input is wanted (e.g. --count reached): the stream ends with success.
  virtual bool done() const = 0;
  /// Called about once a second while connected, even when nothing arrives (periodic --stats).
  virtual void tick() {}
  /// With a read budget: the reads counted in this period and those left, after each post.
  virtual void reads(uint64_t /*used*/, uint64_t /*left*/) {}
};

/// Stream settings.
struct XStreamOptions {
  XApiConfig api;
  BackoffLimits limits;
  /// Multiplies every wait (backoff delays, the stall timeout) for tests; 1 in real use.
  /// Messages keep the documented, unscaled delays.
  double time_scale = 1.0;
  int64_t stall_ms = 20000;          ///< no byte for this long: drop and reconnect
  size_t max_line_bytes = 16 << 20;  ///< longer lines are skipped and reported
  bool http2 = true;                 ///< offer HTTP/2 over TLS (else HTTP/1.1)
  Clock* clock = nullptr;            ///< nullptr: SystemClock
  /// --max-reads: every post line delivered (before filters and duplicate checks) is counted;
  /// the connection is closed as soon as none is left. nullptr: no budget.
  ReadBudget* budget = nullptr;
};

/// The query the stream is opened with: the fields, expansions, place and user fields needed to
/// fill every record field.
std::string stream_query();

/// Connects to GET {api_base}/2/tweets/search/stream and feeds `sink` until the sink is done, a
/// stop is requested (SIGINT/SIGTERM: returns ok; run_tool turns it into 130), a fatal error
/// (401/403: kAuth; other 4xx: kNetwork), the retry limits are exhausted (kNetwork) or the read
/// budget is spent (kBudgetSpent with its message; checked before every connection too). Each
/// reconnect decision is one line on stderr ("reconnecting in 5s after HTTP 503").
Status run_x_stream(const XStreamOptions& options, StreamSink& sink);

}  // namespace tweetmap
