#include "source/pacer.hpp"

#include <doctest/doctest.h>

using namespace tweetmap;

TEST_CASE("pacer: events are due at their event-time offset divided by the speed") {
  ManualClock clock(1000);
  Pacer p(clock, 2.0);
  CHECK(p.delay_ms(5'000'000) == 0);     // the first event is due at once
  CHECK(p.delay_ms(5'002'000) == 1000);  // 2 s of event time at 2x = 1 s
  clock.advance(400);
  CHECK(p.delay_ms(5'002'000) == 600);
  CHECK(p.wait(5'002'000));
  CHECK(clock.last_sleep() == 600);
  CHECK(p.delay_ms(5'001'000) == 0);  // back in time: at once, never negative
}

TEST_CASE("pacer: wall-anchored events are due when the wall clock reaches their stamps") {
  ManualClock clock(5'000'000);
  Pacer p(clock, 1.0, true);
  // Stamped from "now" 5 ms ago (the time it took to make the first event): due at once...
  CHECK(p.delay_ms(4'999'995) == 0);
  // ...and the next ones at their own stamps, not 5 ms late.
  CHECK(p.delay_ms(5'000'010) == 10);
  clock.advance(4);
  CHECK(p.delay_ms(5'000'010) == 6);
  CHECK(p.delay_ms(5'000'003) == 0);
}

TEST_CASE("pacer: a slow consumer is caught up without sleeping") {
  ManualClock clock;
  Pacer p(clock, 1.0);
  p.delay_ms(0);
  clock.advance(10'000);
  CHECK(p.delay_ms(5'000) == 0);
  CHECK(p.delay_ms(12'000) == 2'000);
}
