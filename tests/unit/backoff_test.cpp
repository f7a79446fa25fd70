#include "x/backoff.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "core/clock.hpp"

using namespace tweetmap;

namespace {
DropEvent ev(DropKind k, std::string cause, bool data = false) {
  DropEvent e;
  e.kind = k;
  e.cause = std::move(cause);
  e.delivered_data = data;
  e.connected_ms = data ? 60000 : -1;
  return e;
}
}  // namespace

TEST_CASE("backoff: a clean drop after data reconnects at once") {
  Backoff b;
  ManualClock clock(1'700'000'000'000);
  auto d = b.on_drop(ev(DropKind::kClean, "the server ended the stream", true), clock.now_ms());
  CHECK_FALSE(d.give_up);
  CHECK(d.delay_ms == 0);
  CHECK(d.message == "reconnecting now after the server ended the stream");
  CHECK(b.failures() == 0);
}

TEST_CASE("backoff: network errors back off linearly by 250 ms up to 16 s") {
  Backoff b;
  ManualClock clock;
  std::vector<int64_t> got;
  for (int i = 0; i < 70; ++i) {
    auto d = b.on_drop(ev(DropKind::kNetwork, "network error: refused"), clock.now_ms());
    REQUIRE_FALSE(d.give_up);
    got.push_back(d.delay_ms);
    clock.sleep_ms(d.delay_ms);
  }
  CHECK(got[0] == 250);
  CHECK(got[1] == 500);
  CHECK(got[2] == 750);
  CHECK(got[63] == 16000);
  CHECK(got[64] == 16000);
  CHECK(got[69] == 16000);
  auto d = b.on_drop(ev(DropKind::kNetwork, "network error: refused"), clock.now_ms());
  CHECK(d.message == "reconnecting in 16s after network error: refused");
}

TEST_CASE("backoff: a stream that ends before delivering anything counts as a network error") {
  Backoff b;
  auto d = b.on_drop(ev(DropKind::kClean, "the server ended the stream", false), 0);
  CHECK(d.delay_ms == 250);
}

TEST_CASE("backoff: HTTP errors back off exponentially from 5 s up to 320 s") {
  Backoff b;
  std::vector<int64_t> want = {5000, 10000, 20000, 40000, 80000, 160000, 320000, 320000, 320000};
  for (size_t i = 0; i < want.size(); ++i) {
    auto d = b.on_drop(ev(DropKind::kHttp, "HTTP 503"), 0);
    CHECK(d.delay_ms == want[i]);
  }
  Backoff fresh;
  CHECK(fresh.on_drop(ev(DropKind::kHttp, "HTTP 503"), 0).message ==
        "reconnecting in 5s after HTTP 503");
}

TEST_CASE("backoff: 429 backs off exponentially from 60 s, or until x-rate-limit-reset") {
  Backoff b;
  const int64_t now = 1'700'000'000'000;
  CHECK(b.on_drop(ev(DropKind::kRateLimit, "HTTP 429"), now).delay_ms == 60000);
  CHECK(b.on_drop(ev(DropKind::kRateLimit, "HTTP 429"), now).delay_ms == 120000);
  // A reset later than the backoff wins.
  DropEvent e = ev(DropKind::kRateLimit, "HTTP 429");
  e.rate_limit_reset_s = now / 1000 + 900;
  auto d = b.on_drop(e, now);
  CHECK(d.delay_ms == 900000);
  CHECK(d.message == "reconnecting in 900s after HTTP 429");
  // An earlier reset does not shorten the backoff.
  e.rate_limit_reset_s = now / 1000 + 5;
  CHECK(b.on_drop(e, now).delay_ms == 480000);
}

TEST_CASE("backoff: the schedules reset once a connection delivers data") {
  Backoff b;
  b.on_drop(ev(DropKind::kHttp, "HTTP 503"), 0);
  b.on_drop(ev(DropKind::kHttp, "HTTP 503"), 0);
  b.on_drop(ev(DropKind::kNetwork, "network error"), 0);
  CHECK(b.failures() == 3);
  // This attempt connected, delivered posts, then dropped: immediate, and everything starts over.
  CHECK(b.on_drop(ev(DropKind::kClean, "the connection dropped", true), 0).delay_ms == 0);
  CHECK(b.failures() == 0);
  CHECK(b.on_drop(ev(DropKind::kHttp, "HTTP 503"), 0).delay_ms == 5000);
  CHECK(b.on_drop(ev(DropKind::kNetwork, "network error"), 0).delay_ms == 250);
  b.on_data();
  CHECK(b.on_drop(ev(DropKind::kHttp, "HTTP 500"), 0).delay_ms == 5000);
}

TEST_CASE("backoff: fatal errors give up at once with their message") {
  Backoff b;
  auto d = b.on_drop(ev(DropKind::kFatal, "authentication failed (HTTP 401 Unauthorized)"), 0);
  CHECK(d.give_up);
  CHECK(d.message == "authentication failed (HTTP 401 Unauthorized)");
}

TEST_CASE("backoff: --max-retries and --max-backoff") {
  BackoffLimits lim;
  lim.max_retries = 2;
  lim.max_delay_ms = 7000;
  Backoff b(lim);
  CHECK(b.on_drop(ev(DropKind::kHttp, "HTTP 503"), 0).delay_ms == 5000);
  CHECK(b.on_drop(ev(DropKind::kHttp, "HTTP 503"), 0).delay_ms == 7000);
  auto d = b.on_drop(ev(DropKind::kHttp, "HTTP 503"), 0);
  CHECK(d.give_up);
  CHECK(d.message == "giving up after 2 retries; last: HTTP 503");
  // An immediate reconnect after data does not use up retries.
  Backoff c(lim);
  for (int i = 0; i < 5; ++i)
    CHECK_FALSE(c.on_drop(ev(DropKind::kClean, "stall", true), 0).give_up);

  BackoffLimits none;
  none.max_retries = 0;
  Backoff z(none);
  auto zd = z.on_drop(ev(DropKind::kNetwork, "network error: refused"), 0);
  CHECK(zd.give_up);
  CHECK(zd.message == "network error: refused; not retrying (--max-retries 0)");
}

TEST_CASE("backoff: delays are written the way people read them") {
  CHECK(format_delay(0) == "0s");
  CHECK(format_delay(250) == "250ms");
  CHECK(format_delay(5000) == "5s");
  CHECK(format_delay(1500) == "1.5s");
  CHECK(format_delay(1250) == "1.25s");
  CHECK(format_delay(320000) == "320s");
}

TEST_CASE("backoff: a stream that ends soon after connecting is a failed attempt") {
  // The probe's server: HTTP 200, one keep-alive, close. Reconnecting at once made 22,895
  // connections in 5 s; it must back off like a network error and count for --max-retries.
  BackoffLimits lim;
  lim.max_retries = 3;
  Backoff b(lim);
  DropEvent e = ev(DropKind::kClean, "the server ended the stream", true);
  e.connected_ms = 3;
  auto d1 = b.on_drop(e, 0);
  CHECK(d1.delay_ms == 250);
  CHECK(d1.message ==
        "reconnecting in 250ms after the server ended the stream within 10s of connecting");
  CHECK(b.on_drop(e, 0).delay_ms == 500);
  CHECK(b.on_drop(e, 0).delay_ms == 750);
  auto d4 = b.on_drop(e, 0);
  CHECK(d4.give_up);
  CHECK(d4.message ==
        "giving up after 3 retries; last: the server ended the stream within 10s of connecting");
  // Just under the threshold is still short; at it the connection counts as established.
  Backoff c;
  e.connected_ms = Backoff::kEstablishedMs - 1;
  CHECK(c.on_drop(e, 0).delay_ms == 250);
  e.connected_ms = Backoff::kEstablishedMs;
  CHECK(c.on_drop(e, 0).delay_ms == 0);
  CHECK(c.failures() == 0);
}

TEST_CASE("backoff: a short stream does not reset the HTTP schedule") {
  Backoff b;
  CHECK(b.on_drop(ev(DropKind::kHttp, "HTTP 503"), 0).delay_ms == 5000);
  DropEvent e = ev(DropKind::kClean, "the connection dropped", true);
  e.connected_ms = 50;
  b.on_drop(e, 0);
  CHECK(b.on_drop(ev(DropKind::kHttp, "HTTP 503"), 0).delay_ms == 10000);
  CHECK(b.failures() == 3);
}

TEST_CASE("backoff: x-rate-limit-reset is capped at X's 15-minute window") {
  Backoff b;
  const int64_t now = 1'700'000'000'000;
  DropEvent e = ev(DropKind::kRateLimit, "HTTP 429");
  e.rate_limit_reset_s = now / 1000 + 1'000'000'000;  // 31 years ahead
  auto d = b.on_drop(e, now);
  CHECK(d.delay_ms == Backoff::kRateLimitResetMaxMs);
  CHECK(d.message == "reconnecting in 900s after HTTP 429");
  Backoff huge;
  e.rate_limit_reset_s = INT64_MAX;  // must not overflow into a negative or absurd delay
  CHECK(huge.on_drop(e, now).delay_ms == Backoff::kRateLimitResetMaxMs);
  Backoff past;
  e.rate_limit_reset_s = INT64_MIN;
  CHECK(past.on_drop(e, now).delay_ms == Backoff::kRateLimitStartMs);
  Backoff near;
  e.rate_limit_reset_s = now / 1000 + 200;
  CHECK(near.on_drop(e, now).delay_ms == 200000);
}
