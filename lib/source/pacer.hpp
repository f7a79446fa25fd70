// Paces a stream by the events' own timestamps (tweet-stream --speed, synth --rate).
#pragma once

#include <cstdint>

#include "core/clock.hpp"

namespace tweetmap {

/// Maps event time to wall time: the first event is due at once, and an event `d` ms of event
/// time later is due `d / speed` ms of wall time later. Events that go back in time are due at
/// once (never a negative sleep); a slow consumer is caught up without skipping. Not thread-safe.
/// A wall-anchored pacer is for events stamped with the wall clock as they are made (synth from
/// "now"): an event is due when the wall clock reaches its stamp, not when as much time as
/// separates it from the first event has passed (which would delay every event by the time the
/// first one took to make).
class Pacer {
 public:
  /// `speed` > 0 (1 = real time, 2 = twice as fast); `clock` must outlive the pacer.
  Pacer(Clock& clock, double speed, bool wall_anchored = false)
      : clock_(clock), speed_(speed), wall_anchored_(wall_anchored) {}
  /// Milliseconds to wait before the event stamped `ts_ms` is due (0 when due now).
  int64_t delay_ms(int64_t ts_ms);
  /// Sleeps until `ts_ms` is due; false when a stop was requested during the sleep.
  bool wait(int64_t ts_ms);

 private:
  Clock& clock_;
  double speed_;
  bool wall_anchored_;
  bool started_ = false;
  int64_t base_ts_ = 0;
  int64_t base_mono_ = 0;
};

}  // namespace tweetmap
