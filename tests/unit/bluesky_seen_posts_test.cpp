#include "bluesky/seen_posts.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace tweetmap::bluesky;

TEST_CASE("bluesky seen posts: a URI is new once, whatever its time") {
  SeenPosts s;
  CHECK_FALSE(s.seen("at://a/app.bsky.feed.post/1", 1000));
  CHECK(s.seen("at://a/app.bsky.feed.post/1", 1000));
  CHECK(s.seen("at://a/app.bsky.feed.post/1", 2000));  // another instance's time_us
  CHECK_FALSE(s.seen("at://a/app.bsky.feed.post/2", 1000));
}

TEST_CASE("bluesky seen posts: forgets what is older than the window, bounded by capacity") {
  SeenPosts s(10, 1000);
  CHECK_FALSE(s.seen("old", 100));
  CHECK_FALSE(s.seen("new", 200));  // 100 < 200 - 10: "old" is forgotten
  CHECK_FALSE(s.seen("old", 100));
  SeenPosts small(1LL << 40, 3);
  for (int i = 0; i < 100; ++i) small.seen(std::to_string(i), i);
  CHECK(small.size() <= 3);
  CHECK(small.seen("99", 99));
  CHECK_FALSE(small.seen("0", 0));
}
