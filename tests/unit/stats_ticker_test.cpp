#include "core/stats_ticker.hpp"

#include <doctest/doctest.h>

using namespace tweetmap;

TEST_CASE("stats ticker: due after each whole period, elapsed time since the last tick") {
  StatsTicker t(1000, 2.5);
  CHECK(t.enabled());
  CHECK_FALSE(t.due(1000));
  CHECK_FALSE(t.due(3499));
  CHECK(t.due(3500));
  CHECK(t.tick(3700) == 2700);
  CHECK(t.last_ms() == 3700);
  CHECK_FALSE(t.due(6199));
  CHECK(t.due(6200));
}

TEST_CASE("stats ticker: no --stats is never due") {
  StatsTicker t(0, 0);
  CHECK_FALSE(t.enabled());
  CHECK_FALSE(t.due(0));
  CHECK_FALSE(t.due(INT64_MAX / 2));
}

TEST_CASE("stats ticker: a period below a millisecond counts as none (as the timers it replaces)") {
  StatsTicker t(0, 0.0004);
  CHECK_FALSE(t.enabled());
  CHECK_FALSE(t.due(10));
}
