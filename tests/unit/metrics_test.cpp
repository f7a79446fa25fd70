#include "sse/metrics.hpp"

#include <doctest/doctest.h>

using namespace tweetmap;

TEST_CASE("metrics: Prometheus text has HELP, TYPE and values") {
  ServerMetrics m;
  m.events_in = 12;
  m.clients = 3;
  MetricsSnapshot s;
  s.history_events = 9;
  s.input_open = false;
  std::string text = render_prometheus(m, s);
  CHECK(text.find("# TYPE sse_events_in_total counter\nsse_events_in_total 12\n") !=
        std::string::npos);
  CHECK(text.find("# TYPE sse_clients gauge\nsse_clients 3\n") != std::string::npos);
  CHECK(text.find("sse_history_events 9\n") != std::string::npos);
  CHECK(text.find("sse_input_open 0\n") != std::string::npos);
  CHECK(render_stats_line(m, s).find("clients 3") != std::string::npos);
}
