// The Jetstream reconnect policy as a pure state machine (no I/O, no sleeping, no randomness of
// its own: the caller passes the jitter).
#pragma once

#include <cstdint>
#include <string>

namespace tweetmap::bluesky {

/// How one connection attempt ended.
enum class EndKind {
  kDropped,  ///< an open connection ended: server close, reset, end of stream, protocol error
  kStall,    ///< an open connection delivered no message for the stall timeout
  kNetwork,  ///< resolve/TCP/TLS failure before the connection opened
  kTimeout,  ///< no answer to the connect, TLS or WebSocket upgrade within the timeout
  kHttp,     ///< the upgrade was answered with a retryable HTTP status (5xx, 408, 429)
  kFatal,    ///< a refusal a retry cannot fix (other 4xx, a bad URL)
};

/// One ended attempt.
struct ConnectionEnd {
  EndKind kind = EndKind::kNetwork;
  int64_t open_ms = -1;   ///< how long the WebSocket was open, unscaled; -1: it never opened
  uint64_t messages = 0;  ///< messages received while open
  std::string cause;      ///< for the log line: "HTTP 503", "a stall (no message for 30s)", ...
};

/// What to do next.
struct ReconnectDecision {
  bool give_up = false;        ///< stop: fatal, or --max-retries exhausted
  int64_t delay_ms = 0;        ///< wait this long first (unscaled)
  bool next_endpoint = false;  ///< try the next Jetstream instance of the list
  std::string message;         ///< the one stderr line describing the decision
};

/// Bounds from the command line.
struct ReconnectLimits {
  int max_retries = -1;      ///< failed attempts in a row allowed (-1: unlimited, 0: none)
  int64_t max_delay_ms = 0;  ///< cap on one delay (0: kMaxMs)
};

/// Exponential backoff with jitter:
///  - an established connection (one that delivered a message and stayed open for
///    kEstablishedMs) that ended: the count of failures starts over and the next attempt, to
///    the same instance, waits a random 0..kQuickMaxMs (so that clients dropped together do
///    not come back together);
///  - every other end (network error, timeout, HTTP error, a connection that ended sooner, a
///    stall before it was established) is a failure: the n-th failure in a row waits
///    d/2 + jitter * d/2 with d = min(kBaseMs * 2^(n-1), cap), cap = kMaxMs or --max-backoff,
///    and moves on to the next instance;
///  - --max-retries bounds the failures in a row of every kind; kFatal gives up at once.
/// Not thread-safe; one per stream.
class ReconnectPolicy {
 public:
  static constexpr int64_t kBaseMs = 1000;
  static constexpr int64_t kMaxMs = 60000;
  static constexpr int64_t kEstablishedMs = 10000;
  static constexpr int64_t kQuickMaxMs = 1000;

  explicit ReconnectPolicy(ReconnectLimits limits = {}) : limits_(limits) {}

  /// Feeds one ended attempt; `jitter` is uniform in [0, 1).
  ReconnectDecision on_end(const ConnectionEnd& end, double jitter);
  /// Failed attempts in a row since the last established connection.
  int failures() const { return failures_; }

 private:
  ReconnectLimits limits_;
  int failures_ = 0;
};

}  // namespace tweetmap::bluesky
