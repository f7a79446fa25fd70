// Clock seam: real time in tools, controllable time in tests.
#pragma once

#include <chrono>
#include <cstdint>

namespace tweetmap {

/// Source of time and sleeping. SystemClock is thread-safe; test clocks need not be.
class Clock {
 public:
  virtual ~Clock() = default;
  /// Wall-clock time, ms since the Unix epoch.
  virtual int64_t now_ms() = 0;
  /// Monotonic time, ms from an arbitrary origin.
  virtual int64_t mono_ms() = 0;
  /// Sleeps up to `ms`; returns early (false) when a stop is requested.
  virtual bool sleep_ms(int64_t ms) = 0;
};

/// The real clock; sleep_ms wakes on SIGINT/SIGTERM (see signals.hpp).
class SystemClock : public Clock {
 public:
  int64_t now_ms() override;
  int64_t mono_ms() override;
  bool sleep_ms(int64_t ms) override;
  /// A process-wide instance.
  static SystemClock& instance();
};

/// A manual clock for tests: sleep_ms advances time immediately and records the sleep.
class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t start_ms = 0) : now_(start_ms) {}
  int64_t now_ms() override { return now_; }
  int64_t mono_ms() override { return now_; }
  bool sleep_ms(int64_t ms) override {
    now_ += ms;
    slept_total_ += ms;
    last_sleep_ = ms;
    return true;
  }
  void advance(int64_t ms) { now_ += ms; }
  int64_t last_sleep() const { return last_sleep_; }
  int64_t slept_total() const { return slept_total_; }

 private:
  int64_t now_;
  int64_t last_sleep_ = 0;
  int64_t slept_total_ = 0;
};

}  // namespace tweetmap
