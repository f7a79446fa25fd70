#include "x/drop.hpp"

#include <fmt/format.h>

#include "x/api.hpp"

namespace tweetmap {

DropEvent classify_drop(const DropFacts& f) {
  DropEvent d;
  d.delivered_data = f.delivered;
  d.connected_ms = f.connected_ms;
  if (f.reconnect_requested) {
    d.kind = DropKind::kClean;
    d.cause = f.reconnect_why.empty() ? "operational-disconnect" : f.reconnect_why;
  } else if (f.stalled) {
    d.kind = DropKind::kClean;
    d.cause = fmt::format("a stall (no data for {})", format_delay(f.stall_ms));
  } else if (f.status == 200) {
    d.kind = DropKind::kClean;
    d.cause = f.transfer_ok ? "the server ended the stream"
                            : fmt::format("the connection dropped: {}", f.transfer_error);
  } else if (f.status == 0 || !f.headers_done) {
    d.kind = DropKind::kNetwork;
    d.cause = fmt::format("network error: {}", f.transfer_error);
  } else if (f.status == 429 || f.status == 420) {
    d.kind = DropKind::kRateLimit;
    d.rate_limit_reset_s = f.rate_limit_reset_s;
    d.cause = fmt::format("HTTP {}", f.status);
    if (f.status == 429 && x_connection_issue(f.error_body) == "TooManyConnections")
      d.cause =
          "HTTP 429 TooManyConnections: this app's stream is already open elsewhere and X "
          "allows one connection (stop the other one, or put both rule sets on one connection "
          "with tagged rules)";
  } else if (f.status >= 500 || f.status == 408) {
    d.kind = DropKind::kHttp;
    d.cause = fmt::format("HTTP {}", f.status);
  } else {
    d.kind = DropKind::kFatal;
    HttpResponse r{f.status, f.error_body, f.rate_limit_reset_s};
    d.cause = http_error_status(r, "connecting to the stream").message();
  }
  return d;
}

}  // namespace tweetmap
