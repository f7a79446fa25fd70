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
