#include "core/timestamp.hpp"

#include <doctest/doctest.h>

using namespace tweetmap;

TEST_CASE("days_from_civil matches known dates") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  CHECK(days_from_civil(2016, 2, 29) == 16860);
}

TEST_CASE("v1.1 created_at") {
  CHECK(parse_twitter_time("Wed Nov 11 00:35:07 +0000 2015") == 1447202107000);
  CHECK(parse_twitter_time("Sat Dec 19 16:01:35 +0000 2009") == 1261238495000);
  // Another offset: 02:35:07 at +0200 is 00:35:07 UTC.
  CHECK(parse_twitter_time("Wed Nov 11 02:35:07 +0200 2015") == 1447202107000);
  CHECK(parse_twitter_time("Mon Feb 29 12:00:00 +0000 2016") == 1456747200000);
  CHECK_FALSE(parse_twitter_time("Wed Foo 11 00:35:07 +0000 2015"));
  CHECK_FALSE(parse_twitter_time("Wed Nov 31 00:35:07 +0000 2015"));  // no 31 November
  CHECK_FALSE(parse_twitter_time("Wed Feb 29 00:35:07 +0000 2015"));  // not a leap year
  CHECK_FALSE(parse_twitter_time("Wed Nov 11 24:35:07 +0000 2015"));
  CHECK_FALSE(parse_twitter_time("Wed Nov 11 00:35:07 +0000 2015x"));
  CHECK_FALSE(parse_twitter_time(""));
}

TEST_CASE("ISO-8601 created_at") {
  CHECK(parse_iso8601_time("2021-04-01T15:52:31.000Z") == 1617292351000);
  CHECK(parse_iso8601_time("2021-04-01T15:52:31Z") == 1617292351000);
  CHECK(parse_iso8601_time("2021-04-01T15:52:31.5Z") == 1617292351500);
  CHECK(parse_iso8601_time("2021-04-01T15:52:31.123456Z") == 1617292351123);
  CHECK(parse_iso8601_time("2021-04-01T17:52:31+02:00") == 1617292351000);
  CHECK(parse_iso8601_time("2021-04-01T10:52:31-0500") == 1617292351000);
  CHECK(parse_iso8601_time("2021-04-01 15:52:31Z") == 1617292351000);
  CHECK_FALSE(parse_iso8601_time("2021-04-01T15:52:31"));  // no zone: ambiguous
  CHECK_FALSE(parse_iso8601_time("2021-13-01T15:52:31Z"));
  CHECK_FALSE(parse_iso8601_time("2021-04-01T15:52:31.Z"));
  CHECK_FALSE(parse_iso8601_time("2021-04-01"));
}

TEST_CASE("parse_post_time picks the form") {
  CHECK(parse_post_time("2015-11-11T00:35:07.010Z") == 1447202107010);
  CHECK(parse_post_time("Wed Nov 11 00:35:07 +0000 2015") == 1447202107000);
  CHECK_FALSE(parse_post_time("yesterday"));
}
