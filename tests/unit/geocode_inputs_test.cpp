// The geocoder's inputs as the post parsers fill them (Record::author_*).
#include <doctest/doctest.h>

#include "source/post_parser.hpp"

using namespace tweetmap;

namespace {
Record first(std::string_view json) {
  static PostParser parser("replay");
  std::vector<Record> out;
  ParsedLine line = parser.parse(json, false, out);
  REQUIRE_MESSAGE(line.kind == LineKind::kPosts, line.message);
  REQUIRE(out.size() >= 1);
  return out[0];
}
}  // namespace

TEST_CASE("v1.1 user: location, time_zone and utc_offset are kept, never written") {
  Record r =
      first(R"({"id_str":"7","text":"hi","user":{"screen_name":"a","name":"A","utc_offset":-10800,)"
            R"("time_zone":"Brasilia","followers_count":3,"location":"Porto Alegre, RS"}})");
  CHECK(r.user == "a");
  CHECK(r.author_location == "Porto Alegre, RS");
  CHECK(r.author_time_zone == "Brasilia");
  REQUIRE(r.author_utc_offset_s);
  CHECK(*r.author_utc_offset_s == -10800);
  std::string json;
  append_record_json(r, json);
  CHECK(json.find("Porto Alegre") == std::string::npos);
  CHECK(json.find("Brasilia") == std::string::npos);

  Record n = first(
      R"({"id_str":"8","text":"hi","user":{"screen_name":"b","location":null,"utc_offset":null,)"
      R"("time_zone":null}})");
  CHECK(n.author_location.empty());
  CHECK_FALSE(n.author_utc_offset_s);
  Record odd = first(R"({"id_str":"9","text":"hi","user":{"utc_offset":99999999999}})");
  CHECK_FALSE(odd.author_utc_offset_s);  // out of range: unknown
}

TEST_CASE("v2: includes.users[].location joins the author") {
  Record r = first(R"({"data":{"id":"5","text":"hi","author_id":"42"},"includes":{"users":[)"
                   R"({"id":"41","username":"x","location":"Elsewhere"},)"
                   R"({"id":"42","username":"y","name":"Y","location":"東京"}]}})");
  CHECK(r.user == "y");
  CHECK(r.author_location == "東京");
  CHECK_FALSE(r.author_utc_offset_s);
}

namespace {
ParsedLine parse_with(AuthorProfile mode, std::string_view json, std::vector<Record>& out) {
  PostParser parser("replay", mode);
  return parser.parse(json, false, out);
}
// A post with escaped strings everywhere (they are decoded into simdjson's string buffer, which
// the second walk of kWhenUnplaced reuses), the user before the place, as X writes it.
constexpr std::string_view kProfilePost =
    R"({"id_str":"7","text":"caf\u00e9 #T\u00e9","user":{"name":"J\u00f6","screen_name":"j\u00f6",)"
    R"("followers_count":3,"utc_offset":-10800,"time_zone":"Bras\u00edlia",)"
    R"("location":"S\u00e3o Paulo"},"place":PLACE,"entities":{"hashtags":[{"text":"T\u00e9"}]},)"
    R"("lang":"pt"})";
std::string with_place(std::string_view place) {
  std::string s(kProfilePost);
  s.replace(s.find("PLACE"), 5, place);
  return s;
}
constexpr std::string_view kBox =
    R"({"full_name":"X","country_code":"BR","bounding_box":{"type":"Polygon",)"
    R"("coordinates":[[[-47,-24],[-47,-23],[-46,-23],[-46,-24]]]}})";
}  // namespace

TEST_CASE("AuthorProfile: profile fields always, only for unplaced posts, or never") {
  for (auto mode : {AuthorProfile::kAlways, AuthorProfile::kWhenUnplaced, AuthorProfile::kNever}) {
    CAPTURE(static_cast<int>(mode));
    std::vector<Record> out;
    REQUIRE(parse_with(mode, with_place("null"), out).kind == LineKind::kPosts);
    const Record& r = out.at(0);
    // The first walk's fields are the same in every mode.
    CHECK(r.user == "j\xc3\xb6");
    CHECK(r.name == "J\xc3\xb6");
    CHECK(r.text == "caf\xc3\xa9 #T\xc3\xa9");
    CHECK(r.tags == std::vector<std::string>{"t\xc3\xa9"});
    CHECK(r.lang == "pt");
    if (mode == AuthorProfile::kNever) {
      CHECK(r.author_location.empty());
      CHECK(r.author_time_zone.empty());
      CHECK_FALSE(r.author_utc_offset_s);
    } else {
      CHECK(r.author_location == "S\xc3\xa3o Paulo");
      CHECK(r.author_time_zone == "Bras\xc3\xadlia");
      REQUIRE(r.author_utc_offset_s);
      CHECK(*r.author_utc_offset_s == -10800);
    }
  }
  // A post with a place or a point: kWhenUnplaced leaves the profile unread.
  for (std::string line :
       {with_place(kBox),
        with_place(R"(null,"coordinates":{"type":"Point","coordinates":[1,2]})")}) {
    std::vector<Record> out;
    REQUIRE(parse_with(AuthorProfile::kWhenUnplaced, line, out).kind == LineKind::kPosts);
    CHECK(out.at(0).user == "j\xc3\xb6");
    CHECK(out.at(0).author_location.empty());
    CHECK_FALSE(out.at(0).author_utc_offset_s);
    std::vector<Record> all;
    REQUIRE(parse_with(AuthorProfile::kAlways, line, all).kind == LineKind::kPosts);
    CHECK(all.at(0).author_location == "S\xc3\xa3o Paulo");
  }
}

TEST_CASE("AuthorProfile: a profile field of the wrong type fails only the posts that read it") {
  const std::string bad =
      R"({"id_str":"7","text":"hi","user":{"screen_name":"a","location":5},"place":PLACE})";
  auto place = [&](std::string_view p) {
    std::string s = bad;
    return s.replace(s.find("PLACE"), 5, p);
  };
  std::vector<Record> out;
  CHECK(parse_with(AuthorProfile::kAlways, place(kBox), out).kind == LineKind::kMalformed);
  CHECK(parse_with(AuthorProfile::kWhenUnplaced, place("null"), out).kind == LineKind::kMalformed);
  CHECK(parse_with(AuthorProfile::kWhenUnplaced, place(kBox), out).kind == LineKind::kPosts);
  CHECK(parse_with(AuthorProfile::kNever, place("null"), out).kind == LineKind::kPosts);
}
