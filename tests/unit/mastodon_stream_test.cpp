// The Mastodon stream's pure parts: --stream forms and their endpoints, --instance, the event
// kinds, the status uri used against duplicates, the jitter of reconnect delays.
#include <doctest/doctest.h>

#include <string>

#include "mastodon/event.hpp"
#include "mastodon/stream.hpp"
#include "mastodon/stream_spec.hpp"

using namespace tweetmap;

TEST_CASE("mastodon stream spec: each --stream form and its endpoint") {
  auto path = [](const char* s) {
    auto r = parse_mastodon_stream(s);
    REQUIRE_MESSAGE(r.is_ok(), s);
    return r->path;
  };
  CHECK(path("public") == "/api/v1/streaming/public");
  CHECK(path("public:media") == "/api/v1/streaming/public?only_media=true");
  CHECK(path("public:local") == "/api/v1/streaming/public/local");
  CHECK(path("public:local:media") == "/api/v1/streaming/public/local?only_media=true");
  CHECK(path("public:remote") == "/api/v1/streaming/public/remote");
  CHECK(path("hashtag:rust") == "/api/v1/streaming/hashtag?tag=rust");
  CHECK(path("hashtag:#Café") == "/api/v1/streaming/hashtag?tag=Caf%C3%A9");
  CHECK(path("hashtag:local:a&b") == "/api/v1/streaming/hashtag/local?tag=a%26b");
  CHECK(path("user") == "/api/v1/streaming/user");
  CHECK(path("user:notification") == "/api/v1/streaming/user/notification");
  CHECK(path("list:42") == "/api/v1/streaming/list?list=42");
  CHECK(path("direct") == "/api/v1/streaming/direct");
  CHECK(parse_mastodon_stream("user")->needs_user);
  CHECK_FALSE(parse_mastodon_stream("public")->needs_user);
  for (const char* bad : {"", "firehose", "hashtag:", "hashtag:#", "hashtag:a b", "list:x",
                          "list:", "public:everything"}) {
    auto r = parse_mastodon_stream(bad);
    CHECK_MESSAGE(!r.is_ok(), bad);
    if (!r.is_ok()) CHECK(r.status().code() == ErrorCode::kUsage);
  }
}

TEST_CASE("mastodon stream spec: --instance") {
  CHECK(*normalize_instance("https://mastodon.social") == "https://mastodon.social");
  CHECK(*normalize_instance("https://mastodon.social/") == "https://mastodon.social");
  CHECK(*normalize_instance("mastodon.social") == "https://mastodon.social");
  CHECK(*normalize_instance("http://127.0.0.1:8080") == "http://127.0.0.1:8080");
  for (const char* bad :
       {"ftp://x", "https://", "https://a/b", "https://a?x", "https://u@a", "https://a b"})
    CHECK_MESSAGE(!normalize_instance(bad).is_ok(), bad);
}

TEST_CASE("mastodon events: kinds and the status uri") {
  CHECK(classify_mastodon_event("update") == MastodonEventKind::kUpdate);
  CHECK(classify_mastodon_event("delete") == MastodonEventKind::kDelete);
  CHECK(classify_mastodon_event("status.update") == MastodonEventKind::kEdit);
  CHECK(classify_mastodon_event("notification") == MastodonEventKind::kOther);
  CHECK(classify_mastodon_event("message") == MastodonEventKind::kOther);
  CHECK(mastodon_status_uri(R"({"id":"1","uri":"https://a/1"})") == "https://a/1");
  CHECK_FALSE(mastodon_status_uri(R"({"id":"1"})"));
  CHECK_FALSE(mastodon_status_uri(R"({"uri":)"));
  CHECK_FALSE(mastodon_status_uri("103270115826048975"));
  MastodonCounters c;
  c.updates = 3;
  c.heartbeats = 2;
  CHECK(format_mastodon_counters(c) ==
        "updates=3 deletes=0 edits=0 other=0 heartbeats=2 oversized=0 duplicates=0 "
        "reconnects=0");
}

TEST_CASE("mastodon stream: reconnect delays get up to half again of jitter") {
  CHECK(jittered_delay_ms(0, 0.7) == 0);
  CHECK(jittered_delay_ms(5000, 0.0) == 5000);
  CHECK(jittered_delay_ms(5000, 0.5) == 6250);
  CHECK(jittered_delay_ms(5000, 0.999) == 7497);
  CHECK(jittered_delay_ms(5000, 7.0) == 7500);  // clamped
}
