#include "sse/view_trends.hpp"

#include <doctest/doctest.h>

using namespace tweetmap;

namespace {

// A snapshot as tweet-trends writes it (docs/TRENDS.md): #rain is global with a cell in New York
// (30 posts) and one in London (10); #tea trends in GB; #quake in a cell near Tokyo; #fiji in a
// cell across the antimeridian.
const char* const kSnapshot =
    R"({"type":"trends","ts":1700000340000,"interval":10,"window":300,"warming":false,"scopes":[)"
    R"({"scope":"global","trends":[)"
    R"({"term":"#rain","count":42,"expected":3.1,"score":6.5,"centroid":[-50,45],"place":"New York",)"
    R"("cells":[{"cell":"dr5r","count":30,"center":[-74.0,40.7]},{"cell":"gcpv","count":10,"center":[-0.12,51.5]}]}]},)"
    R"({"scope":"cc","cc":"GB","trends":[)"
    R"({"term":"#tea","count":12,"expected":0.2,"score":9.1,"cells":[{"cell":"gcpv","count":12,"center":[-0.1,51.5]}]},)"
    R"({"term":"#rain","count":10,"expected":0.5,"score":7.0,"cells":[{"cell":"gcpv","count":10,"center":[-0.12,51.5]}]}]},)"
    R"({"scope":"cell","cell":"xn7","bbox":[139.2,35.2,140.6,36.6],"trends":[)"
    R"({"term":"#quake","count":8,"expected":0.02,"score":11.3,"centroid":[139.7,35.7],"cells":[]}]},)"
    R"({"scope":"cell","cell":"rz0","bbox":[177,-19,-178,-16],"trends":[)"
    R"({"term":"#fiji","count":6,"expected":0.1,"score":5.0,"cells":[{"cell":"rz0a","count":6,"center":[179.5,-17.5]}]}]}]})";

std::vector<std::string> terms(const ViewTrends& v) {
  std::vector<std::string> out;
  for (const auto& t : v.trends) out.push_back(t.term);
  return out;
}

}  // namespace

TEST_CASE("view trends: global trends counted over their cells in the box") {
  auto v = view_trends(kSnapshot, BBox{-80, 35, -70, 45}, 20);  // New York only
  REQUIRE(v.is_ok());
  CHECK(v->have_snapshot);
  CHECK(v->ts == 1700000340000);
  CHECK(v->window_s == 300);
  REQUIRE(terms(*v) == std::vector<std::string>{"#rain"});
  const auto& rain = v->trends[0];
  CHECK(rain.scope == "global");
  CHECK(rain.count == 30);  // the New York cell, not the whole 42
  CHECK(rain.total == 42);
  CHECK(rain.score == 6.5);
  REQUIRE(rain.where);
  CHECK((*rain.where)[0] == -74.0);  // its busiest cell in view, not its centroid
  REQUIRE(rain.cells.size() == 1);
  CHECK(rain.cells[0].cell == "dr5r");
}

TEST_CASE("view trends: best score first, one entry per term") {
  auto v = view_trends(kSnapshot, BBox{-10, 50, 5, 53}, 20);  // London
  REQUIRE(v.is_ok());
  REQUIRE(terms(*v) == std::vector<std::string>{"#tea", "#rain"});
  // #rain is global (6.5) and in GB (7.0): the GB entry, the better score, is kept.
  CHECK(v->trends[1].scope == "cc");
  CHECK(v->trends[1].region == "GB");
  CHECK(v->trends[1].score == 7.0);
  CHECK(v->trends[1].count == 10);
  // The whole Atlantic: #rain's cells in New York and London add up.
  auto wide = view_trends(kSnapshot, BBox{-80, 35, 5, 55}, 20);
  REQUIRE(wide.is_ok());
  REQUIRE(terms(*wide) == std::vector<std::string>{"#tea", "#rain"});
  CHECK(wide->trends[1].count == 40);
  CHECK(wide->trends[1].cells.empty() == false);
  // limit
  auto one = view_trends(kSnapshot, BBox{-80, 35, 5, 55}, 1);
  REQUIRE(one.is_ok());
  CHECK(terms(*one) == std::vector<std::string>{"#tea"});
}

TEST_CASE("view trends: areas overlapping the box, across the antimeridian too") {
  // Part of the Tokyo cell: its trend has no cell listed, so the area's count and centroid.
  auto v = view_trends(kSnapshot, BBox{139.5, 35.5, 141, 37}, 20);
  REQUIRE(v.is_ok());
  REQUIRE(terms(*v) == std::vector<std::string>{"#quake"});
  CHECK(v->trends[0].count == 8);
  CHECK(v->trends[0].scope == "cell");
  CHECK(v->trends[0].region == "xn7");
  REQUIRE(v->trends[0].where);
  CHECK((*v->trends[0].where)[0] == 139.7);
  // Only the edge of the cell, without its centroid: fly to the cell's centre.
  auto edge = view_trends(kSnapshot, BBox{140.5, 35, 142, 36}, 20);
  REQUIRE(edge.is_ok());
  REQUIRE(terms(*edge) == std::vector<std::string>{"#quake"});
  CHECK((*edge->trends[0].where)[0] == doctest::Approx(139.9));
  // A view across the antimeridian finds the Fiji cell; one beside it does not.
  auto fiji = view_trends(kSnapshot, BBox{170, -25, -170, -10}, 20);
  REQUIRE(fiji.is_ok());
  CHECK(terms(*fiji) == std::vector<std::string>{"#fiji"});
  auto west = view_trends(kSnapshot, BBox{150, -25, 170, -10}, 20);
  REQUIRE(west.is_ok());
  CHECK(west->trends.empty());
}

TEST_CASE("view trends: nothing in view, odd snapshots and bad lines") {
  auto ocean = view_trends(kSnapshot, BBox{-40, -40, -20, -20}, 20);
  REQUIRE(ocean.is_ok());
  CHECK(ocean->trends.empty());
  auto warming = view_trends(R"({"type":"trends","ts":5,"warming":true,"scopes":[]})",
                             BBox{-180, -90, 180, 90}, 20);
  REQUIRE(warming.is_ok());
  CHECK(warming->warming);
  CHECK(warming->trends.empty());
  // Fields of the wrong kind are skipped, not trusted.
  auto odd = view_trends(
      R"({"type":"trends","scopes":[{"scope":"global","trends":[{"term":7},)"
      R"({"term":"#x","count":"many","cells":[{"center":["a",1]},{"count":3,"center":[10,10]}]}]},)"
      R"({"scope":"cell","bbox":[1,2],"trends":[{"term":"#y","count":4}]},{"scope":9}]})",
      BBox{0, 0, 20, 20}, 20);
  REQUIRE(odd.is_ok());
  REQUIRE(terms(*odd) == std::vector<std::string>{"#x"});
  CHECK(odd->trends[0].count == 3);
  CHECK_FALSE(view_trends("[1,2]", BBox{0, 0, 1, 1}, 20).is_ok());
  CHECK_FALSE(view_trends("{\"type\":", BBox{0, 0, 1, 1}, 20).is_ok());
}

TEST_CASE("view trends: the JSON answer") {
  BBox box{-80, 35, -70, 45};
  auto v = view_trends(kSnapshot, box, 20);
  REQUIRE(v.is_ok());
  CHECK(
      view_trends_json(*v, box) ==
      R"({"ts":1700000340000,"window":300,"warming":false,"bbox":[-80,35,-70,45],"trends":[)"
      R"({"term":"#rain","scope":"global","count":30,"total":42,"expected":3.1,"score":6.5,)"
      R"("place":"New York","where":[-74,40.7],"cells":[{"cell":"dr5r","count":30,"center":[-74,40.7]}]}]})");
  CHECK(view_trends_json(ViewTrends{}, box) ==
        R"({"ts":null,"window":0,"warming":false,"bbox":[-80,35,-70,45],"trends":[]})");
}

TEST_CASE("view trends: the query of GET /trends") {
  auto q = parse_view_trends_query("bbox=170,-25,-170,-10&limit=5&token=abc&_=123");
  REQUIRE(q.is_ok());
  CHECK(q->bbox == BBox{170, -25, -170, -10});
  CHECK(q->limit == 5);
  CHECK(q->token == "abc");
  CHECK(q->has_token_param);
  CHECK(parse_view_trends_query("bbox=-10,50,5,53")->limit == 20);
  for (const char* bad : {"", "limit=5", "bbox=", "bbox=1,2,3", "bbox=0,0,1,1,2,2,3,3",
                          "bbox=0,10,1,5", "bbox=0,0,200,1", "bbox=a,b,c,d", "bbox=0,0,1,1&limit=0",
                          "bbox=0,0,1,1&limit=101", "bbox=0,0,1,1&limit=x"}) {
    auto r = parse_view_trends_query(bad);
    CHECK_MESSAGE(!r.is_ok(), bad);
    if (!r.is_ok()) CHECK(r.status().message().find('\n') == std::string::npos);
  }
}
