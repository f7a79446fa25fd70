#include "bluesky/reconnect.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/delay.hpp"

namespace tweetmap::bluesky {

ReconnectDecision ReconnectPolicy::on_end(const ConnectionEnd& e, double jitter) {
  ReconnectDecision d;
  jitter = std::clamp(jitter, 0.0, 1.0);
  if (e.kind == EndKind::kFatal) {
    d.give_up = true;
    d.message = e.cause;
    return d;
  }
  bool open = e.kind == EndKind::kDropped || e.kind == EndKind::kStall;
  if (open && e.messages > 0 && e.open_ms >= kEstablishedMs) {
    failures_ = 0;
    d.delay_ms = std::llround(jitter * static_cast<double>(kQuickMaxMs));
    d.message = fmt::format("reconnecting in {} after {}", format_delay(d.delay_ms), e.cause);
    return d;
  }
  std::string cause = e.cause;
  if (open) cause += fmt::format(" within {} of connecting", format_delay(kEstablishedMs));
  ++failures_;
  if (limits_.max_retries >= 0 && failures_ > limits_.max_retries) {
    d.give_up = true;
    d.message = give_up_message(limits_.max_retries, cause);
    return d;
  }
  int64_t cap = limits_.max_delay_ms > 0 ? limits_.max_delay_ms : kMaxMs;
  int64_t full = kBaseMs;
  for (int i = 1; i < failures_ && full < cap; ++i) full *= 2;
  full = std::min(full, cap);
  d.delay_ms = full / 2 + std::llround(jitter * static_cast<double>(full - full / 2));
  d.next_endpoint = true;
  d.message = fmt::format("reconnecting in {} after {}", format_delay(d.delay_ms), cause);
  return d;
}

}  // namespace tweetmap::bluesky
