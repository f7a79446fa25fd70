#include "sse/query.hpp"

#include <doctest/doctest.h>

using namespace tweetmap;

TEST_CASE("sse_query: percent decoding") {
  CHECK(*percent_decode("a%20b+c", true) == "a b c");
  CHECK(*percent_decode("a+b", false) == "a+b");
  CHECK(*percent_decode("%2e%2E", false) == "..");
  CHECK_FALSE(percent_decode("%2", false).is_ok());
  CHECK_FALSE(percent_decode("%zz", false).is_ok());
  CHECK_FALSE(percent_decode("a%00b", false).is_ok());
}

TEST_CASE("sse_query: query string") {
  auto q = parse_query("a=1&&b=x%26y&flag&c=");
  REQUIRE(q.is_ok());
  REQUIRE(q->size() == 4);
  CHECK((*q)[1].second == "x&y");
  CHECK((*q)[2].first == "flag");
  CHECK((*q)[2].second.empty());
}

TEST_CASE("sse_query: event ids") {
  auto id = parse_event_id("1700000000000-42");
  REQUIRE(id.has_value());
  CHECK(id->epoch == 1700000000000u);
  CHECK(id->seq == 42u);
  CHECK(format_event_id(*id) == "1700000000000-42");
  for (const char* bad : {"", "-", "1-", "-1", "1-2-3", "a-1", "1-x", "99999999999999999999-1"})
    CHECK_FALSE(parse_event_id(bad).has_value());
}

TEST_CASE("sse_query: client request") {
  auto r = parse_client_request("types=tweet,trends&since=30&last_event_id=1-5&token=t%2B", "");
  REQUIRE(r.is_ok());
  CHECK(r->types == std::vector<std::string>{"tweet", "trends"});
  CHECK(*r->since_s == 30.0);
  CHECK(r->last_event_id_raw == "1-5");
  CHECK(r->token == "t+");
  CHECK(r->has_token_param);
  // The header wins over the parameter.
  CHECK(parse_client_request("last_event_id=1-5", "2-9")->last_event_id_raw == "2-9");
  Record rec;
  CHECK(r->wants("trends", rec));
  CHECK_FALSE(r->wants("other", rec));
  CHECK(parse_client_request("", "")->wants("anything", rec));
  for (const char* bad : {"since=-1", "since=abc", "since=inf", "types=a%0Ab", "geo=nowhere"})
    CHECK_FALSE(parse_client_request(bad, "").is_ok());
}

TEST_CASE("sse_query: constant-time compare") {
  CHECK(constant_time_equal("secret", "secret"));
  CHECK_FALSE(constant_time_equal("secret", "secreT"));
  CHECK_FALSE(constant_time_equal("secret", "secret2"));
  CHECK_FALSE(constant_time_equal("", "x"));
  CHECK(constant_time_equal("", ""));
}

TEST_CASE("sse_query: reposts=0 leaves out reposts, of posts only") {
  Record post;
  post.text = "hello";
  Record repost = post;
  repost.rt = true;
  auto all = parse_client_request("", "");
  REQUIRE(all.is_ok());
  CHECK(all->wants("tweet", repost));
  auto with = parse_client_request("reposts=1", "");
  REQUIRE(with.is_ok());
  CHECK(with->filter_empty);
  CHECK(with->wants("tweet", repost));
  auto without = parse_client_request("reposts=0&lang=en", "");
  REQUIRE(without.is_ok());
  CHECK_FALSE(without->filter_empty);
  post.lang = repost.lang = "en";
  CHECK(without->wants("tweet", post));
  CHECK_FALSE(without->wants("tweet", repost));
  // Other event kinds pass it.
  CHECK(without->wants("trends", repost));
  for (const char* bad : {"reposts=", "reposts=no", "reposts=2", "reposts=00"}) {
    auto r = parse_client_request(bad, "");
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().message().find("reposts=") != std::string::npos);
  }
}
