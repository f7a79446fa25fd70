// A small trends configuration shared by the engine's tests: 10 s buckets, a one-minute window,
// a ten-minute baseline, no lateness, one minute of warm-up, 256 keys per scope kind.
#pragma once

#include "trends/engine.hpp"

namespace tweetmap {

inline TrendsConfig small_trends_config() {
  TrendsConfig c;
  c.interval_ms = 10'000;
  c.window_ms = 60'000;
  c.baseline_ms = 600'000;
  c.lateness_ms = 0;
  c.warmup_ms = 60'000;
  c.capacity = 256;
  return c;
}

}  // namespace tweetmap
