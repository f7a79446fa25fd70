#include "sse/metrics.hpp"

#include <fmt/format.h>

namespace tweetmap {
namespace {

void metric(std::string& out, const char* name, const char* type, const char* help,
            uint64_t value) {
  fmt::format_to(std::back_inserter(out), "# HELP sse_{0} {1}\n# TYPE sse_{0} {2}\nsse_{0} {3}\n",
                 name, help, type, value);
}

uint64_t get(const std::atomic<uint64_t>& a) { return a.load(std::memory_order_relaxed); }
uint64_t get(const std::atomic<int64_t>& a) {
  int64_t v = a.load(std::memory_order_relaxed);
  return v < 0 ? 0 : static_cast<uint64_t>(v);
}

}  // namespace

std::string render_prometheus(const ServerMetrics& m, const MetricsSnapshot& s) {
  std::string out;
  out.reserve(4096);
  metric(out, "clients", "gauge", "Connected event-stream clients.", get(m.clients));
  metric(out, "clients_total", "counter", "Event-stream clients accepted.", get(m.clients_total));
  metric(out, "clients_rejected_total", "counter",
         "Event-stream clients refused past --max-clients.", get(m.clients_rejected));
  metric(out, "connections", "gauge", "Open TCP connections.", get(m.connections));
  metric(out, "input_lines_total", "counter", "Input lines read.", get(m.lines_in));
  metric(out, "events_in_total", "counter", "Input lines published as events.", get(m.events_in));
  metric(out, "input_skipped_total", "counter",
         "Input lines skipped (not a JSON object, blank, oversized).", get(m.input_skipped));
  metric(out, "events_out_total", "counter", "Events written to clients (one per client).",
         get(m.events_out));
  metric(out, "bytes_out_total", "counter", "Bytes written on event streams.", get(m.bytes_out));
  metric(out, "events_dropped_total", "counter", "Events dropped for clients that lagged.",
         get(m.events_dropped));
  metric(out, "lag_events_total", "counter", "Lag notices (event: lag) queued.",
         get(m.lag_notices));
  metric(out, "slow_disconnects_total", "counter",
         "Clients disconnected because their queue was full.", get(m.slow_disconnects));
  metric(out, "heartbeats_total", "counter", "Heartbeat comments queued.", get(m.heartbeats));
  metric(out, "resumes_total", "counter", "Resumes served from the history.", get(m.resumes));
  metric(out, "resets_total", "counter", "Reset events sent (id unknown, too old or other epoch).",
         get(m.resets));
  metric(out, "http_requests_total", "counter", "HTTP requests answered.", get(m.http_requests));
  metric(out, "http_client_errors_total", "counter", "HTTP 4xx answers.", get(m.http_4xx));
  metric(out, "http_server_errors_total", "counter", "HTTP 5xx answers.", get(m.http_5xx));
  metric(out, "history_events", "gauge", "Events held in the resume history.", s.history_events);
  metric(out, "history_bytes", "gauge",
         "Memory taken by the events kept in the history (frames and parsed records), about.",
         s.history_bytes);
  metric(out, "queued_bytes", "gauge", "Bytes waiting in all client queues.", s.queued_bytes);
  metric(out, "max_client_lag_bytes", "gauge", "Bytes waiting in the most lagging client queue.",
         s.max_queued_bytes);
  metric(out, "last_sequence", "gauge", "Sequence number of the newest event.", s.last_seq);
  metric(out, "input_open", "gauge", "1 while the input is open, 0 after it ended.",
         s.input_open ? 1 : 0);
  return out;
}

std::string render_stats_line(const ServerMetrics& m, const MetricsSnapshot& s) {
  return fmt::format(
      "clients {} | in {} skipped {} | out {} ({} bytes) | dropped {} lag {} disconnected {} | "
      "history {} | queued {} bytes",
      get(m.clients), get(m.events_in), get(m.input_skipped), get(m.events_out), get(m.bytes_out),
      get(m.events_dropped), get(m.lag_notices), get(m.slow_disconnects), s.history_events,
      s.queued_bytes);
}

}  // namespace tweetmap
