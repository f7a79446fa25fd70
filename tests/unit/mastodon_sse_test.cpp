// The SSE reader of the Mastodon stream (lib/mastodon/sse_reader.cpp): events, comments
// (heartbeats), multi-line data, the size limit and drops in the middle of an event.
#include <doctest/doctest.h>

#include <string>

#include "mastodon/sse_reader.hpp"

using namespace tweetmap;
using Kind = SseReader::Kind;

TEST_CASE("mastodon sse: an event is its fields up to a blank line") {
  SseReader r;
  CHECK(r.line(":)") == Kind::kComment);
  CHECK(r.line("event: update") == Kind::kNone);
  CHECK(r.line("data: {\"uri\":\"u\"}") == Kind::kNone);
  REQUIRE(r.line("") == Kind::kEvent);
  CHECK(r.event() == "update");
  CHECK(r.data() == "{\"uri\":\"u\"}");
  CHECK(r.line(":thump") == Kind::kComment);
  CHECK(r.line("event:delete") == Kind::kNone);  // no space after the colon
  CHECK(r.line("data:123") == Kind::kNone);
  REQUIRE(r.line("") == Kind::kEvent);
  CHECK(r.event() == "delete");
  CHECK(r.data() == "123");
}

TEST_CASE("mastodon sse: data lines join with newlines, no event field is a message") {
  SseReader r;
  r.line("data: a");
  r.line("data:  b");  // only one space is dropped
  r.line("id: 7");
  r.line("retry: 1000");
  REQUIRE(r.line("") == Kind::kEvent);
  CHECK(r.event() == "message");
  CHECK(r.data() == "a\n b");
  CHECK(r.last_id() == "7");
}

TEST_CASE("mastodon sse: an event without data, and blank lines alone, dispatch nothing") {
  SseReader r;
  CHECK(r.line("") == Kind::kNone);
  r.line("event: update");
  CHECK(r.line("") == Kind::kNone);
  r.line("data: x");
  REQUIRE(r.line("") == Kind::kEvent);
  CHECK(r.event() == "message");  // the earlier event field did not carry over
}

TEST_CASE("mastodon sse: events over the limit are dropped whole") {
  SseReader r(10);
  r.line("event: update");
  r.line("data: 123456");
  r.line("data: 7890");  // 6 + 1 + 4 = 11 > 10
  CHECK(r.line("") == Kind::kOversized);
  r.line("event: update");
  r.line("data: small");
  REQUIRE(r.line("") == Kind::kEvent);
  CHECK(r.data() == "small");
  r.line("event: update");
  r.drop_line();  // a line the splitter dropped as too long
  r.line("data: x");
  CHECK(r.line("") == Kind::kOversized);
}

TEST_CASE("mastodon sse: reset discards an event cut off by a drop") {
  SseReader r;
  CHECK_FALSE(r.reset());
  r.line("event: update");
  r.line("data: {\"uri\":");
  CHECK(r.reset());
  r.line("data: next");
  REQUIRE(r.line("") == Kind::kEvent);
  CHECK(r.event() == "message");
  CHECK(r.data() == "next");
}
