// The X filtered-stream reconnect policy as a pure state machine (no I/O, no sleeping).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/delay.hpp"

namespace tweetmap {

/// Why a stream connection ended (or failed to start).
enum class DropKind {
  kClean,      ///< an established stream ended (server closed it, operational-disconnect, stall)
  kNetwork,    ///< TCP/TLS/DNS failure, reset, no response
  kHttp,       ///< a retryable HTTP error (5xx, 408, 420, ...)
  kRateLimit,  ///< HTTP 429
  kFatal,      ///< 400/401/403/404 and other errors a retry cannot fix
};

/// One event for the policy.
struct DropEvent {
  DropKind kind = DropKind::kNetwork;
  /// Set when the connection delivered at least one byte of stream data before it ended.
  bool delivered_data = false;
  /// How long the established (HTTP 200) response lasted, unscaled; -1 when none was.
  int64_t connected_ms = -1;
  /// kRateLimit: the `x-rate-limit-reset` header (seconds since the epoch), when given.
  std::optional<int64_t> rate_limit_reset_s;
  /// Human-readable cause for the log line: "HTTP 503", "network error: ...", "a stall".
  std::string cause;
};

/// The decision for one event.
struct BackoffDecision {
  bool give_up = false;  ///< true: stop (fatal error or --max-retries exhausted)
  int64_t delay_ms = 0;  ///< wait this long before the next attempt (documented, unscaled)
  std::string message;   ///< the one stderr line describing the state change
};

/// Bounds set by the user (0 = unbounded).
struct BackoffLimits {
  int max_retries = -1;      ///< consecutive failed attempts allowed (-1: unlimited, 0: none)
  int64_t max_delay_ms = 0;  ///< cap on any single delay (0: the documented caps only)
};

/// X's documented reconnect policy:
///  - an established stream (one that delivered data and stayed up for kEstablishedMs) that
///    dropped: reconnect at once, and the schedules start over;
///  - a stream that ended sooner (a keep-alive, or a post, then a close): a failed attempt like a
///    network error, counted by --max-retries, so a server that accepts and closes at once
///    cannot cause a reconnect storm;
///  - network errors: linear, +250 ms per attempt, up to 16 s;
///  - HTTP 5xx and other retryable HTTP errors: exponential from 5 s, doubling, up to 320 s;
///  - HTTP 429: exponential from 60 s, doubling (uncapped unless --max-backoff), or until
///    `x-rate-limit-reset` when that is later (a reset more than kRateLimitResetMaxMs away,
///    X's 15-minute window, is taken as kRateLimitResetMaxMs);
///  - --max-retries bounds the failed attempts in a row of every kind.
/// Not thread-safe; one per stream.
class Backoff {
 public:
  static constexpr int64_t kNetworkStepMs = 250;
  static constexpr int64_t kNetworkMaxMs = 16000;
  static constexpr int64_t kHttpStartMs = 5000;
  static constexpr int64_t kHttpMaxMs = 320000;
  static constexpr int64_t kRateLimitStartMs = 60000;
  static constexpr int64_t kRateLimitResetMaxMs = 15 * 60 * 1000;
  static constexpr int64_t kEstablishedMs = 10000;

  explicit Backoff(BackoffLimits limits = {}) : limits_(limits) {}

  /// Feeds one ended connection; `now_ms` is wall-clock time (for x-rate-limit-reset).
  BackoffDecision on_drop(const DropEvent& ev, int64_t now_ms);
  /// Call when a connection is established: the schedules start over.
  void on_data();
  /// Consecutive failed attempts since the last established connection.
  int failures() const { return failures_; }

 private:
  BackoffLimits limits_;
  int failures_ = 0;
  int network_n_ = 0, http_n_ = 0, rate_n_ = 0;
};

}  // namespace tweetmap
