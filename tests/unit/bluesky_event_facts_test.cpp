#include "bluesky/event_facts.hpp"

#include <doctest/doctest.h>

#include "bluesky/source.hpp"

using namespace tweetmap::bluesky;

TEST_CASE("bluesky event facts: posts, reposts and the skipped kinds") {
  auto p = event_facts(
      R"({"did":"did:plc:a","time_us":1725911162329308,"kind":"commit","commit":{"rev":"r",)"
      R"("operation":"create","collection":"app.bsky.feed.post","rkey":"3l3q","record":{"text":"hi"}}})");
  CHECK(p.kind == EventKind::kPost);
  CHECK(p.time_us == 1725911162329308);
  CHECK(p.uri == "at://did:plc:a/app.bsky.feed.post/3l3q");
  auto r = event_facts(
      R"({"did":"did:plc:a","time_us":5,"kind":"commit","commit":{"operation":"create",)"
      R"("collection":"app.bsky.feed.repost","rkey":"k"}})");
  CHECK(r.kind == EventKind::kRepost);
  CHECK(r.uri == "at://did:plc:a/app.bsky.feed.repost/k");
  CHECK(event_facts(R"({"did":"d","time_us":1,"kind":"commit","commit":{"operation":"delete",)"
                    R"("collection":"app.bsky.feed.post","rkey":"k"}})")
            .kind == EventKind::kDelete);
  CHECK(event_facts(R"({"did":"d","time_us":1,"kind":"commit","commit":{"operation":"update",)"
                    R"("collection":"app.bsky.feed.post","rkey":"k"}})")
            .kind == EventKind::kUpdate);
  CHECK(event_facts(R"({"did":"d","time_us":1,"kind":"commit","commit":{"operation":"create",)"
                    R"("collection":"app.bsky.feed.like","rkey":"k"}})")
            .kind == EventKind::kOther);
  auto id = event_facts(R"({"did":"d","time_us":7,"kind":"identity","identity":{}})");
  CHECK(id.kind == EventKind::kIdentity);
  CHECK(id.time_us == 7);
  CHECK(event_facts(R"({"did":"d","time_us":7,"kind":"account"})").kind == EventKind::kAccount);
}

TEST_CASE("bluesky event facts: what cannot be read is other, time 0") {
  for (const char* bad : {"", "[]", "not json", R"({"time_us":"x"})", "{\"did\":"}) {
    auto f = event_facts(bad);
    CHECK(f.kind == EventKind::kOther);
    CHECK(f.time_us == 0);
  }
}

TEST_CASE("bluesky source: resume cursor and --since durations") {
  CHECK(resume_cursor(0, std::nullopt) == std::nullopt);
  CHECK(resume_cursor(0, 42) == 42);
  CHECK(resume_cursor(10'000'000, 42) == 5'000'000);
  CHECK(*parse_duration_ms("10m") == 600000);
  CHECK(*parse_duration_ms("1.5h") == 5400000);
  CHECK(*parse_duration_ms("90s") == 90000);
  CHECK(*parse_duration_ms("1d") == 86400000);
  for (const char* bad : {"", "10", "m", "-5m", "10x", "abc s"})
    CHECK_FALSE(parse_duration_ms(bad).is_ok());
}
