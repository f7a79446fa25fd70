#include "core/hashtags.hpp"

#include <doctest/doctest.h>

using namespace tweetmap;

using Tags = std::vector<std::string>;

TEST_CASE("add_hashtag folds and de-duplicates in first-use order") {
  Tags t;
  add_hashtag("Straße", t);
  add_hashtag("#STRASSE", t);
  add_hashtag("Earthquake", t);
  add_hashtag("＃地震", t);
  add_hashtag("earthquake", t);
  add_hashtag("", t);
  CHECK(t == Tags{"strasse", "earthquake", "地震"});
}

TEST_CASE("hashtags from text when a source has no entities") {
  Tags t;
  extract_hashtags("Shaking! #Earthquake #地震 #2015 a#b &#39; ＃ＴＥＳＴ #earthquake #x_1. #", t);
  CHECK(t == Tags{"earthquake", "地震", "ｔｅｓｔ", "x_1"});
  t.clear();
  extract_hashtags("(#Paris) \"#London\" #İstanbul,#ΑΘΗΝΑ", t);
  CHECK(t == Tags{"paris", "london", "istanbul", "αθηνα"});
  t.clear();
  extract_hashtags("no tags here #", t);
  CHECK(t.empty());
}
