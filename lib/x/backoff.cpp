#include "x/backoff.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tweetmap {

void Backoff::on_data() {
  failures_ = 0;
  network_n_ = http_n_ = rate_n_ = 0;
}

namespace {

// start * 2^n without overflow, capped at `cap` (0: no cap besides a day).
int64_t doubled(int64_t start, int n, int64_t cap) {
  constexpr int64_t kDay = 86400000;
  int64_t limit = cap > 0 ? cap : kDay;
  int64_t d = start;
  for (int i = 0; i < n && d < limit; ++i) d *= 2;
  return std::min(d, limit);
}

}  // namespace

BackoffDecision Backoff::on_drop(const DropEvent& ev, int64_t now_ms) {
  BackoffDecision d;
  if (ev.kind == DropKind::kFatal) {
    d.give_up = true;
    d.message = ev.cause;
    return d;
  }
  bool established = ev.delivered_data && ev.connected_ms >= kEstablishedMs;
  if (established) on_data();
  if (ev.kind == DropKind::kClean && established) {
    // X: "Once an established connection drops, attempt to reconnect immediately."
    d.message = fmt::format("reconnecting now after {}", ev.cause);
    return d;
  }
  std::string cause = ev.cause;
  if (ev.kind == DropKind::kClean)
    cause += fmt::format(" within {} of connecting", format_delay(kEstablishedMs));
  ++failures_;
  if (limits_.max_retries >= 0 && failures_ > limits_.max_retries) {
    d.give_up = true;
    d.message = give_up_message(limits_.max_retries, cause);
    return d;
  }
  switch (ev.kind) {
    case DropKind::kRateLimit: {
      d.delay_ms = doubled(kRateLimitStartMs, rate_n_++, 0);
      if (ev.rate_limit_reset_s) {
        // Compared in seconds first: a reset far in the future must not overflow.
        int64_t now_s = now_ms / 1000;
        int64_t reset_s = *ev.rate_limit_reset_s;
        int64_t until = reset_s > now_s + kRateLimitResetMaxMs / 1000 ? kRateLimitResetMaxMs
                        : reset_s < now_s                             ? 0
                                                                      : reset_s * 1000 - now_ms;
        d.delay_ms = std::max(d.delay_ms, until);
      }
      break;
    }
    case DropKind::kHttp:
      d.delay_ms = doubled(kHttpStartMs, http_n_++, kHttpMaxMs);
      break;
    default:  // a network error, or a connection that ended before delivering anything
      d.delay_ms = std::min(kNetworkStepMs * ++network_n_, kNetworkMaxMs);
      break;
  }
  if (limits_.max_delay_ms > 0) d.delay_ms = std::min(d.delay_ms, limits_.max_delay_ms);
  d.message = fmt::format("reconnecting in {} after {}", format_delay(d.delay_ms), cause);
  return d;
}

}  // namespace tweetmap
