// sse-serve as a library call: read NDJSON lines, serve them as Server-Sent Events (and the static
// page) until stopped.
#pragma once

#include <string>
#include <vector>

#include "core/status.hpp"
#include "sse/http_server.hpp"
#include "sse/hub.hpp"
#include "sse/routes.hpp"

namespace tweetmap {

/// Everything sse-serve can be told. Plain value.
struct SseServeOptions {
  std::string input = "-";                ///< NDJSON file, "-" = stdin
  std::string listen = "127.0.0.1:8080";  ///< HOST:PORT (port 0 = any free port)
  std::string web_dir;                    ///< static files ("" = none)
  HistoryLimits history;
  double heartbeat_s = 15;  ///< comment heartbeat period
  double coalesce_ms = 10;  ///< gather input this long into one write per client
  RouteOptions routes;      ///< token, CORS, client limit, per-session settings
  HttpLimits http;
  unsigned threads = 0;      ///< I/O threads (0 = number of cores)
  bool exit_on_eof = false;  ///< --on-eof exit
  double drain_s = 2;        ///< with exit_on_eof: time to flush client queues
  double stats_s = 0;        ///< --stats period (0 = off)
};

/// Runs the server until SIGINT/SIGTERM (or the end of the input with exit_on_eof). Prints
/// "listening on http://ADDR:PORT/" once bound. Errors: kUsage for bad settings (an unreadable
/// --web folder), kIo when the address cannot be bound or the input cannot be opened.
Status run_sse_serve(const SseServeOptions& opts);

}  // namespace tweetmap
