// Counters of the SSE server and their Prometheus text exposition.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace tweetmap {

/// Process-wide counters, updated with relaxed atomics from any thread. Gauges that are computed
/// on demand (history size, queued bytes) are passed to render_prometheus() instead.
struct ServerMetrics {
  std::atomic<uint64_t> lines_in{0};          ///< input lines read
  std::atomic<uint64_t> events_in{0};         ///< lines turned into events
  std::atomic<uint64_t> input_skipped{0};     ///< lines skipped (not a JSON object, blank, bad)
  std::atomic<uint64_t> events_out{0};        ///< events written to clients (one per client)
  std::atomic<uint64_t> bytes_out{0};         ///< bytes written on event streams
  std::atomic<uint64_t> events_dropped{0};    ///< events dropped for slow clients
  std::atomic<uint64_t> lag_notices{0};       ///< "event: lag" frames queued
  std::atomic<uint64_t> slow_disconnects{0};  ///< clients disconnected by --slow-client disconnect
  std::atomic<uint64_t> heartbeats{0};        ///< heartbeat comments queued
  std::atomic<int64_t> clients{0};            ///< connected event-stream clients (gauge)
  std::atomic<uint64_t> clients_total{0};     ///< event-stream clients accepted
  std::atomic<uint64_t> clients_rejected{0};  ///< 503 answers past --max-clients
  std::atomic<uint64_t> resumes{0};           ///< resumes served from the history
  std::atomic<uint64_t> resets{0};            ///< reset events sent
  std::atomic<uint64_t> http_requests{0};     ///< HTTP requests answered (all paths)
  std::atomic<uint64_t> http_4xx{0};          ///< of which 4xx
  std::atomic<uint64_t> http_5xx{0};          ///< of which 5xx
  std::atomic<int64_t> connections{0};        ///< open TCP connections (gauge)
};

/// Gauges sampled at scrape time.
struct MetricsSnapshot {
  uint64_t history_events = 0;    ///< events held for resume
  uint64_t history_bytes = 0;     ///< bytes of their serialized frames
  uint64_t queued_bytes = 0;      ///< bytes waiting in all client queues
  uint64_t max_queued_bytes = 0;  ///< the largest single client queue, in bytes
  uint64_t last_seq = 0;          ///< sequence number of the newest event
  bool input_open = true;         ///< false once the input ended
};

/// Renders every counter and gauge in the Prometheus text format (version 0.0.4), metric names
/// prefixed "sse_".
std::string render_prometheus(const ServerMetrics& m, const MetricsSnapshot& s);

/// One human-readable line for --stats.
std::string render_stats_line(const ServerMetrics& m, const MetricsSnapshot& s);

}  // namespace tweetmap
