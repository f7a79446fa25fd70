#include "bluesky/endpoint.hpp"

#include <doctest/doctest.h>

using namespace tweetmap::bluesky;

TEST_CASE("bluesky endpoint: ws and wss URLs, default port and path") {
  auto e = parse_endpoint("wss://jetstream2.us-east.bsky.network/subscribe");
  REQUIRE(e.is_ok());
  CHECK(e->tls);
  CHECK(e->host == "jetstream2.us-east.bsky.network");
  CHECK(e->port == "443");
  CHECK(e->path == "/subscribe");
  CHECK(e->host_header() == "jetstream2.us-east.bsky.network");
  auto w = parse_endpoint("ws://127.0.0.1:6008");
  REQUIRE(w.is_ok());
  CHECK_FALSE(w->tls);
  CHECK(w->port == "6008");
  CHECK(w->path == "/subscribe");
  CHECK(w->host_header() == "127.0.0.1:6008");
  auto v6 = parse_endpoint("ws://[::1]:9/x");
  REQUIRE(v6.is_ok());
  CHECK(v6->host == "::1");
  CHECK(v6->host_header() == "[::1]:9");
}

TEST_CASE("bluesky endpoint: bad URLs are usage errors") {
  for (const char* bad : {"http://x/subscribe", "wss://", "ws://h:0/", "ws://h:99999/",
                          "ws://[::1/", "ws://user@h/", "ws://h:port/"})
    CHECK_FALSE(parse_endpoint(bad).is_ok());
}

TEST_CASE("bluesky endpoint: the subscribe target keeps the URL's parameters, sets its own") {
  auto e = parse_endpoint("wss://h/subscribe?wantedDids=did:plc:a&cursor=5&wantedCollections=x");
  REQUIRE(e.is_ok());
  CHECK(subscribe_target(*e, {"app.bsky.feed.post"}, std::nullopt) ==
        "/subscribe?wantedDids=did:plc:a&wantedCollections=app.bsky.feed.post");
  CHECK(subscribe_target(*e, {"app.bsky.feed.post", "app.bsky.feed.repost"}, 1725911162000000) ==
        "/subscribe?wantedDids=did:plc:a&wantedCollections=app.bsky.feed.post"
        "&wantedCollections=app.bsky.feed.repost&cursor=1725911162000000");
}
