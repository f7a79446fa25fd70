#include "bluesky/reconnect.hpp"

#include <doctest/doctest.h>

using namespace tweetmap::bluesky;

namespace {
ConnectionEnd end(EndKind k, int64_t open_ms = -1, uint64_t messages = 0) {
  ConnectionEnd e;
  e.kind = k;
  e.open_ms = open_ms;
  e.messages = messages;
  e.cause = "x";
  return e;
}
}  // namespace

TEST_CASE("bluesky reconnect: failures back off exponentially, jitter between half and all") {
  ReconnectPolicy p;
  int64_t full = 1000;
  for (int i = 0; i < 10; ++i) {
    auto lo = p.on_end(end(EndKind::kNetwork), 0.0);
    CHECK(lo.delay_ms == std::min<int64_t>(full, 60000) / 2);
    CHECK(lo.next_endpoint);
    full *= 2;
  }
  ReconnectPolicy q;
  CHECK(q.on_end(end(EndKind::kHttp), 0.999999).delay_ms == 1000);
  CHECK(q.on_end(end(EndKind::kTimeout), 0.5).delay_ms == 1500);
  CHECK(q.failures() == 2);
}

TEST_CASE("bluesky reconnect: an established connection resets the schedule, comes back soon") {
  ReconnectPolicy p;
  p.on_end(end(EndKind::kNetwork), 0);
  p.on_end(end(EndKind::kNetwork), 0);
  auto d = p.on_end(end(EndKind::kDropped, 10000, 5), 0.25);
  CHECK_FALSE(d.give_up);
  CHECK_FALSE(d.next_endpoint);
  CHECK(d.delay_ms == 250);
  CHECK(p.failures() == 0);
  CHECK(p.on_end(end(EndKind::kNetwork), 0).delay_ms == 500);  // the first failure again
}

TEST_CASE("bluesky reconnect: a short connection, or one without messages, is a failure") {
  ReconnectPolicy p({2, 0});
  auto a = p.on_end(end(EndKind::kDropped, 9999, 100), 0);
  CHECK(a.message == "reconnecting in 500ms after x within 10s of connecting");
  auto b = p.on_end(end(EndKind::kStall, 60000, 0), 0);  // open long, never a message
  CHECK(b.delay_ms == 1000);
  auto c = p.on_end(end(EndKind::kDropped, 1, 1), 0);
  CHECK(c.give_up);
  CHECK(c.message == "giving up after 2 retries; last: x within 10s of connecting");
}

TEST_CASE("bluesky reconnect: --max-retries 0, --max-backoff, fatal") {
  ReconnectPolicy none({0, 0});
  auto d = none.on_end(end(EndKind::kHttp), 0);
  CHECK(d.give_up);
  CHECK(d.message == "x; not retrying (--max-retries 0)");
  ReconnectPolicy capped({-1, 3000});
  for (int i = 0; i < 5; ++i) capped.on_end(end(EndKind::kNetwork), 1);
  CHECK(capped.on_end(end(EndKind::kNetwork), 0.999999).delay_ms == 3000);
  ReconnectPolicy f;
  CHECK(f.on_end(end(EndKind::kFatal), 0).give_up);
}
