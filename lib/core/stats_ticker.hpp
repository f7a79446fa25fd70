// The period of --stats: when the next line of counters is due and how long since the last one.
#pragma once

#include <cstdint>

namespace tweetmap {

/// Times of a periodic --stats line, in the caller's clock's milliseconds (Clock::mono_ms). Pure:
/// the caller reads its clock and passes the time in. A period of 0 (no --stats) is never due.
class StatsTicker {
 public:
  StatsTicker(int64_t start_ms, double seconds)
      : period_ms_(static_cast<int64_t>(seconds * 1000)), last_ms_(start_ms) {}

  /// True when --stats asked for lines at all.
  bool enabled() const { return period_ms_ > 0; }
  /// True when enabled and a whole period has passed since the last tick (or the start).
  bool due(int64_t now_ms) const { return enabled() && now_ms - last_ms_ >= period_ms_; }
  /// Starts the next period at `now_ms`; returns the milliseconds since the previous tick.
  int64_t tick(int64_t now_ms) {
    const int64_t elapsed = now_ms - last_ms_;
    last_ms_ = now_ms;
    return elapsed;
  }
  /// The time of the last tick (the start before the first).
  int64_t last_ms() const { return last_ms_; }

 private:
  int64_t period_ms_;
  int64_t last_ms_;
};

}  // namespace tweetmap
