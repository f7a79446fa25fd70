#include "core/filter.hpp"

#include <doctest/doctest.h>

#include "core/hashtags.hpp"

using namespace tweetmap;

namespace {

Record post(std::string text, std::vector<std::string> raw_tags = {}) {
  Record r;
  r.id = "1";
  r.text = std::move(text);
  for (const auto& t : raw_tags) add_hashtag(t, r.tags);
  return r;
}

TrackExpr track(std::string_view spec) {
  auto t = TrackExpr::parse(spec);
  REQUIRE_MESSAGE(t.is_ok(), t.status().message());
  return t.value();
}

}  // namespace

TEST_CASE("track: comma is OR, space is AND, case-insensitive") {
  auto t = track("the twitter, Earthquake");
  CHECK(t.matches(post("TWITTER is the place")));
  CHECK(t.matches(post("Big earthquake today")));
  CHECK_FALSE(t.matches(post("twitter only")));
  CHECK_FALSE(t.matches(post("nothing here")));
}

TEST_CASE("track: whole words and hashtags, not parts of words") {
  auto t = track("twitter");
  CHECK(t.matches(post("\"Twitter\"")));
  CHECK(t.matches(post("twitter.")));
  CHECK(t.matches(post("#twitter", {"twitter"})));
  CHECK(t.matches(post("@twitter")));
  CHECK(t.matches(post("see http://twitter.com/x")));
  CHECK_FALSE(t.matches(post("twitterati")));
  CHECK_FALSE(t.matches(post("retwitter")));
}

TEST_CASE("track: #tag matches only hashtags") {
  auto t = track("#Earthquake");
  CHECK(t.matches(post("Shaking #EARTHQUAKE", {"EARTHQUAKE"})));
  CHECK(t.matches(post("written #earthquake but no entities")));
  CHECK_FALSE(t.matches(post("an earthquake, not a tag")));
  CHECK_FALSE(t.matches(post("#earthquakes", {"earthquakes"})));
}

TEST_CASE("track: Unicode case folding") {
  CHECK(track("#STRASSE").matches(post("#Straße", {"Straße"})));
  CHECK(track("straße").matches(post("STRASSE gesperrt")));
  CHECK(track("İSTANBUL").matches(post("istanbul")));
  CHECK(track("ΣΟΦΟΣ").matches(post("σοφος")));
}

TEST_CASE("track: scripts without spaces match as substrings") {
  auto t = track("#地震,東京");
  CHECK(t.matches(post("大きな#地震です")));
  CHECK(t.matches(post("今日は東京で雨")));
  CHECK_FALSE(t.matches(post("大きな地震です")));  // "#地震" asks for a hashtag
  CHECK(track("地震").matches(post("大きな地震です")));
}

TEST_CASE("track: terms with punctuation") {
  CHECK(track("covid-19").matches(post("New COVID-19 cases")));
  CHECK_FALSE(track("covid-19").matches(post("covid-199")));
  CHECK(track("@jack").matches(post("hi @Jack!")));
  CHECK_FALSE(track("@jack").matches(post("hi jack")));
}

TEST_CASE("track: syntax errors") {
  CHECK(TrackExpr::parse("").value().empty());
  CHECK(TrackExpr::parse("a,,b").status().code() == ErrorCode::kUsage);
  CHECK(TrackExpr::parse("a,").status().message().find("empty phrase 2") != std::string::npos);
  CHECK(TrackExpr::parse("#").status().code() == ErrorCode::kUsage);
  CHECK(TrackExpr::parse("a ... b").status().code() == ErrorCode::kUsage);
  CHECK(TrackExpr::parse("  spaced  ,  out ").is_ok());
}

TEST_CASE("boxes: parsing and validation") {
  auto b = parse_boxes("-122.75,36.8,-121.75,37.8,-74,40,-73,41");
  REQUIRE(b.is_ok());
  REQUIRE(b->size() == 2);
  CHECK((*b)[1] == BBox{-74, 40, -73, 41});
  CHECK(parse_boxes(" 177, -20 , -178,-12")->at(0) == BBox{177, -20, -178, -12});
  CHECK(parse_boxes("")->empty());
  auto bad = parse_boxes("1,2,3");
  CHECK(bad.status().code() == ErrorCode::kUsage);
  CHECK(bad.status().message().find("groups of four") != std::string::npos);
  CHECK(parse_boxes("a,2,3,4").status().message().find("\"a\" is not a number") !=
        std::string::npos);
  CHECK(parse_boxes("0,0,181,1").status().message().find("longitude") != std::string::npos);
  CHECK(parse_boxes("0,-91,1,1").status().message().find("latitude") != std::string::npos);
  CHECK(parse_boxes("0,10,1,5").status().message().find("south") != std::string::npos);
  CHECK(parse_boxes("0,0,1,1,").status().code() == ErrorCode::kUsage);
}

TEST_CASE("filter: locations use the point, else the place box") {
  auto f = Filter::make({.locations = "-74,40,-73,41"});
  REQUIRE(f.is_ok());
  Record inside = post("x");
  inside.lat = 40.7;
  inside.lon = -73.9;
  inside.geo = GeoKind::kPoint;
  inside.bbox = BBox{10, 10, 11, 11};  // a point decides, not the place
  CHECK(f->matches(inside));
  Record outside = inside;
  outside.lon = -72;
  outside.bbox = BBox{-74, 40, -73, 41};
  CHECK_FALSE(f->matches(outside));
  Record place = post("y");
  place.bbox = BBox{-73.5, 40.5, -72, 42};  // overlaps, centre outside
  place.geo = GeoKind::kPlace;
  place.lat = 41.25;
  place.lon = -72.75;
  CHECK(f->matches(place));
  Record nowhere = post("z");
  CHECK_FALSE(f->matches(nowhere));
  auto fiji = Filter::make({.locations = "177,-20,-178,-12"});
  Record suva = post("s");
  suva.geo = GeoKind::kPoint;
  suva.lat = -18.1;
  suva.lon = -179.5;
  CHECK(fiji->matches(suva));
}

TEST_CASE("filter: kinds combine with AND, values within a kind with OR") {
  auto f = Filter::make({.track = "rain,snow",
                         .langs = {"en,fr", "DE"},
                         .geo_kinds = {GeoKind::kPoint, GeoKind::kPlace},
                         .no_retweets = true});
  REQUIRE(f.is_ok());
  CHECK_FALSE(f->empty());
  Record r = post("Rain again");
  r.lang = "en-GB";
  r.geo = GeoKind::kPlace;
  r.lat = 1;
  r.lon = 2;
  CHECK(f->matches(r));
  Record other_lang = r;
  other_lang.lang = "es";
  CHECK_FALSE(f->matches(other_lang));
  Record de = r;
  de.lang = "de";
  CHECK(f->matches(de));
  Record retweet = r;
  retweet.rt = true;
  CHECK_FALSE(f->matches(retweet));
  Record no_geo = r;
  no_geo.geo = GeoKind::kNone;
  CHECK_FALSE(f->matches(no_geo));
  Record no_word = r;
  no_word.text = "sunny";
  CHECK_FALSE(f->matches(no_word));
}

TEST_CASE("filter: geo_only, empty filter, bad specs") {
  auto f = Filter::make({.geo_only = true});
  Record r = post("x");
  CHECK_FALSE(f->matches(r));
  r.lat = 0;
  r.lon = 0;
  r.geo = GeoKind::kProfile;
  CHECK(f->matches(r));
  auto all = Filter::make({});
  CHECK(all->empty());
  CHECK(all->matches(post("anything")));
  CHECK(Filter::make({.track = ","}).status().code() == ErrorCode::kUsage);
  CHECK(Filter::make({.locations = "1,2"}).status().code() == ErrorCode::kUsage);
}
