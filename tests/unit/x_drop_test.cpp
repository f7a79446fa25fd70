#include <doctest/doctest.h>

#include "x/drop.hpp"
#include "x/recent_ids.hpp"

using namespace tweetmap;

TEST_CASE("x drop: an established stream that ended is clean, with how long it lasted") {
  DropFacts f;
  f.status = 200;
  f.headers_done = true;
  f.delivered = true;
  f.connected_ms = 4;
  DropEvent d = classify_drop(f);
  CHECK(d.kind == DropKind::kClean);
  CHECK(d.delivered_data);
  CHECK(d.connected_ms == 4);
  CHECK(d.cause == "the server ended the stream");
  f.transfer_ok = false;
  f.transfer_error = "invalid chunk";
  CHECK(classify_drop(f).cause == "the connection dropped: invalid chunk");
}

TEST_CASE("x drop: reconnect requests and stalls win over the HTTP status") {
  DropFacts f;
  f.status = 200;
  f.headers_done = true;
  f.reconnect_requested = true;
  CHECK(classify_drop(f).cause == "operational-disconnect");
  f.reconnect_why = "operational-disconnect: upgrade";
  CHECK(classify_drop(f).cause == "operational-disconnect: upgrade");
  f.reconnect_requested = false;
  f.stalled = true;
  f.stall_ms = 20000;
  CHECK(classify_drop(f).kind == DropKind::kClean);
  CHECK(classify_drop(f).cause == "a stall (no data for 20s)");
}

TEST_CASE("x drop: no response is a network error") {
  DropFacts f;
  f.transfer_ok = false;
  f.transfer_error = "Connection refused";
  DropEvent d = classify_drop(f);
  CHECK(d.kind == DropKind::kNetwork);
  CHECK(d.cause == "network error: Connection refused");
  CHECK(d.connected_ms == -1);
}

TEST_CASE("x drop: HTTP statuses") {
  DropFacts f;
  f.headers_done = true;
  f.status = 429;
  f.rate_limit_reset_s = 123;
  DropEvent d = classify_drop(f);
  CHECK(d.kind == DropKind::kRateLimit);
  CHECK(d.rate_limit_reset_s == 123);
  f.status = 420;
  CHECK(classify_drop(f).kind == DropKind::kRateLimit);
  f.status = 503;
  CHECK(classify_drop(f).kind == DropKind::kHttp);
  CHECK(classify_drop(f).cause == "HTTP 503");
  f.status = 408;
  CHECK(classify_drop(f).kind == DropKind::kHttp);
  f.status = 401;
  d = classify_drop(f);
  CHECK(d.kind == DropKind::kFatal);
  CHECK(d.cause.rfind("authentication failed", 0) == 0);
  f.status = 400;
  CHECK(classify_drop(f).kind == DropKind::kFatal);
}

TEST_CASE("x drop: a second connection refused with TooManyConnections says so, backs off as 429") {
  DropFacts f;
  f.headers_done = true;
  f.status = 429;
  f.error_body =
      R"({"title":"ConnectionException","detail":"This stream is currently at the maximum )"
      R"(allowed connection limit.","connection_issue":"TooManyConnections",)"
      R"("type":"https://api.twitter.com/2/problems/streaming-connection"})";
  DropEvent d = classify_drop(f);
  CHECK(d.kind == DropKind::kRateLimit);
  CHECK(d.cause.rfind("HTTP 429 TooManyConnections: ", 0) == 0);
  CHECK(d.cause.find('\n') == std::string::npos);
  Backoff b;
  BackoffDecision first = b.on_drop(d, 0);
  CHECK(first.delay_ms == Backoff::kRateLimitStartMs);
  CHECK(first.message.rfind("reconnecting in 60s after HTTP 429 TooManyConnections", 0) == 0);
  CHECK(b.on_drop(d, 0).delay_ms == 2 * Backoff::kRateLimitStartMs);
  // A plain 429 keeps its short cause.
  f.error_body = R"({"title":"Too Many Requests","status":429})";
  CHECK(classify_drop(f).cause == "HTTP 429");
}

TEST_CASE("x recent ids: a post id seen again is reported, memory is bounded") {
  CHECK(stream_post_id(R"({"data":{"id":"42","text":"hi"},"matching_rules":[]})") == "42");
  CHECK(stream_post_id(R"({"errors":[{"title":"operational-disconnect"}]})") == std::nullopt);
  CHECK(stream_post_id("") == std::nullopt);
  CHECK(stream_post_id(R"({"data":{"id":"4)") == std::nullopt);
  CHECK(stream_post_id(R"({"data":[{"id":"1"}]})") == std::nullopt);
  RecentIds r(2);
  CHECK_FALSE(r.seen("1"));
  CHECK(r.seen("1"));
  CHECK_FALSE(r.seen("2"));
  CHECK_FALSE(r.seen("3"));  // forgets "1"
  CHECK(r.size() == 2);
  CHECK_FALSE(r.seen("1"));
  CHECK(r.seen("3"));
}
