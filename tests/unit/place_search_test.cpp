#include "geocode/place_search.hpp"

#include <doctest/doctest.h>

#include <string>

#include "cli/place_answer.hpp"

using namespace tweetmap;
using namespace tweetmap::geocode;

namespace {

const char* kTable =
    "c\tSpringfield\tUS\tIL\t39.8\t-89.64\t116000\t-360,-300\tspringfield\n"
    "c\tSpringfield\tUS\tMO\t37.21\t-93.29\t166000\t-360,-300\tspringfield\n"
    "c\tSpring Hill\tUS\tFL\t28.48\t-82.53\t113000\t-300,-240\tspring hill\n"
    "c\tSpringe\tDE\t06\t52.2\t9.55\t29000\t60,120\tspringe|springe am deister\n"
    "k\tUS\tUnited States\t38.0\t-97.0\t327000000\ten\tunited states|usa|us\n"
    "r\tUS\tIL\tIllinois\t41.0\t-88.5\t12800000\tillinois|il\n"
    "r\tDE\t\tBayern\t0\t0\t0\tbayern\n";

}  // namespace

TEST_CASE("place_search: whole names first, then names that begin with the query") {
  Gazetteer g(kTable);
  PlaceSearch s(g);
  auto hits = s.find("Springfield", 10);
  REQUIRE(hits.size() == 2);
  CHECK(g.admin1(*hits[0].place) == "MO");  // most populous first
  CHECK(hits[0].exact);
  auto pre = s.find("SPRING", 10);
  REQUIRE(pre.size() == 4);
  CHECK(g.admin1(*pre[0].place) == "MO");
  CHECK(g.admin1(*pre[1].place) == "IL");
  CHECK(g.name(*pre[2].place) == "Spring Hill");
  CHECK(g.name(*pre[3].place) == "Springe");  // once, though two of its names begin with "spring"
  CHECK_FALSE(pre[0].exact);
  CHECK(s.find("spring", 2).size() == 2);  // the limit
  CHECK(s.find("bayern", 10).empty());     // a region known by name only has no position
  CHECK(s.find("!!!", 10).empty());
  CHECK(s.find("s", 10).empty());  // one Latin letter is no useful prefix
  CHECK(s.find("us", 10).at(0).place->kind == PlaceKind::kCountry);
}

TEST_CASE("place_search: the built-in gazetteer in many scripts") {
  const PlaceSearch& s = PlaceSearch::instance();
  auto first = [&s](const char* q) {
    auto h = s.find(q, 5);
    return h.empty() ? std::string() : std::string(s.gazetteer().name(*h[0].place));
  };
  CHECK(first("São Paulo") == "São Paulo");
  CHECK(first("sao paulo") == "São Paulo");
  CHECK(first("東京") == "Tokyo");
  CHECK(first("Москва") == "Moscow");
  CHECK(first("NYC") == "New York City");
  CHECK(first("Ｔｏｋｙｏ") == "Tokyo");
  CHECK(first("São Pa") == "São Paulo");  // a beginning
}

TEST_CASE("place_answer: JSON answers and one-line 400s") {
  Gazetteer g(kTable);
  PlaceSearch s(g);
  QueryAnswer a = place_answer("q=springfield&limit=1", s);
  CHECK(a.status == 200);
  CHECK(a.type.starts_with("application/json"));
  CHECK(a.body ==
        "{\"q\":\"springfield\",\"places\":[{\"name\":\"Springfield\",\"kind\":\"city\",\"cc\":"
        "\"US\","
        "\"country\":\"United States\",\"lat\":37.21,\"lon\":-93.29,\"population\":166000,"
        "\"exact\":true}],\"attribution\":\"GeoNames, CC BY 4.0, https://www.geonames.org/\"}\n");
  QueryAnswer il = place_answer("q=Springfield&limit=2", s);
  CHECK(il.body.find("\"region\":\"Illinois\"") != std::string::npos);
  CHECK(place_answer("q=nowhere", s).body.find("\"places\":[]") != std::string::npos);
  CHECK(place_answer("q=%E6%9D%B1%E4%BA%AC").body.find("\"name\":\"Tokyo\"") != std::string::npos);

  auto is_bad = [&s](std::string_view q, std::string_view says) {
    QueryAnswer b = place_answer(q, s);
    INFO(q, " -> ", b.body);
    CHECK(b.status == 400);
    CHECK(b.type.starts_with("text/plain"));
    CHECK(b.body.find(says) != std::string::npos);
    CHECK(b.body.find('\n') == b.body.size() - 1);  // one line
  };
  is_bad("", "q: a place name is required");
  is_bad("q=", "q: a place name is required");
  is_bad("limit=3", "q: a place name is required");
  is_bad("q=x&limit=0", "limit:");
  is_bad("q=x&limit=21", "limit:");
  is_bad("q=x&limit=2x", "limit:");
  is_bad("q=x&limit=-1", "limit:");
  is_bad("q=%zz", "bad value for parameter 'q'");
  is_bad("q=a%00b", "bad value for parameter 'q'");
  is_bad("q=" + std::string(kPlaceQueryMaxBytes + 1, 'a'), "q: longer than 200 bytes");
  CHECK(place_answer("q=" + std::string(kPlaceQueryMaxBytes, 'a'), s).status == 200);
}
