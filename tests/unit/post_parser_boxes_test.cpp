// Place boxes and points as PostParser reads them, odd ones included: the expected record members
// (or malformed-line reasons) are those of the parser before coordinates were read from the raw
// text, so the fast path is proven to change nothing.
#include <doctest/doctest.h>

#include <string>

#include "source/post_parser.hpp"

using namespace tweetmap;

namespace {

// "lat,lon,geo,bbox,place" members of the record of `line`, or "malformed: <reason>".
std::string geo_members(const std::string& line) {
  static PostParser parser("replay");
  std::vector<Record> records;
  ParsedLine p = parser.parse(line, false, records);
  if (p.kind == LineKind::kMalformed) return "malformed: " + p.message;
  REQUIRE_MESSAGE(records.size() == 1, p.message);
  std::string out;
  append_record_json(records[0], out);
  const size_t from = out.find("\"ts\":0,"), to = out.find(",\"text\":");
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  return out.substr(from + 7, to - from - 7);
}

struct Case {
  std::string text;            // the "coordinates" value
  std::string expected;        // with "type" before "coordinates" (as X writes it)
  std::string reordered = {};  // with "coordinates" first, when that differs
};

// Checks `c` in its two layouts: "type" first (`before` + text + `after`), then "coordinates"
// first (`before2` + text + `after2`).
void check_layouts(const Case& c, const std::string& before, const std::string& after,
                   const std::string& before2, const std::string& after2) {
  CAPTURE(c.text);
  CHECK(geo_members(before + c.text + after) == c.expected);
  CHECK(geo_members(before2 + c.text + after2) == (c.reordered.empty() ? c.expected : c.reordered));
}

// `n` points "[i.5,i.25]" (or "[-i.5,i.25]", or "[i,-i]") as one ring.
std::string ring_of(int n, int kind) {
  std::string s = "[[";
  for (int i = 0; i < n; ++i) {
    s += i == 0 ? "[" : ",[";
    if (kind == 2) {
      s += std::to_string(i) + "," + std::to_string(-i) + "]";
    } else {
      s += (kind == 1 && i > 0 ? "-" : "") + std::to_string(i) + ".5," + std::to_string(i) + ".25]";
    }
  }
  return s + "]]";
}

}  // namespace

TEST_CASE("place boxes: plain, odd and broken ones read exactly as before") {
  const Case cases[] = {
      {R"([[[1,2],[1,3],[4,3],[4,2]]])",
       R"("lat":2.5,"lon":2.5,"geo":"place","bbox":[1,2,4,3],"place":"P")"},
      {R"([[[1,2],[1,3],[4,3],[4,2],[1,2]]])",
       R"("lat":2.5,"lon":2.5,"geo":"place","bbox":[1,2,4,3],"place":"P")"},
      {R"([[[1,2]]])", R"("lat":2,"lon":1,"geo":"place","bbox":[1,2,1,2],"place":"P")"},
      {R"([[[-0,-0],[-0,1],[2,1],[2,-0]]])",
       R"("lat":0.5,"lon":1,"geo":"place","bbox":[0,0,2,1],"place":"P")"},
      {R"([[[1e1,1E-2],[1e1,2E-2],[3e+1,2E-2],[3E1,1e-2]]])",
       R"("lat":0.015,"lon":20,"geo":"place","bbox":[10,0.01,30,0.02],"place":"P")"},
      {R"([[[1e400,2],[1,3],[4,3],[4,2]]])", R"(malformed: bad number)"},
      {R"([[[1e-400,2],[1,3],[4,3],[4,2]]])",
       R"("lat":2.5,"lon":2,"geo":"place","bbox":[0,2,4,3],"place":"P")"},
      {R"([[[4.9e-324,2],[1,3],[4,3],[4,2]]])",
       R"("lat":2.5,"lon":2,"geo":"place","bbox":[5e-324,2,4,3],"place":"P")"},
      {R"([[[1.7976931348623157e308,2],[1,3],[4,3],[4,2]]])", R"("geo":"none","place":"P")"},
      {R"([[[12.968336,55.136571],[12.968336,55.510836],[13.538041,55.510836],)"
       R"([13.538041,55.136571]]])",
       R"("lat":55.3237035,"lon":13.2531885,"geo":"place","bbox":[12.968336,55.136571,13.538041,55.510836],"place":"P")"},
      {R"([[[9007199254740991e-14,1],[90.07199254740991,2],[4,2],[4,1]]])",
       R"("lat":1.5,"lon":-132.9640037,"geo":"place","bbox":[90.0719925474099,1,4,2],"place":"P")"},
      {R"([[[-43.795449,-23.083020],[-43.795449,-22.739823],[-43.087707,-22.739823],)"
       R"([-43.087707,-23.083020]]])",
       R"("lat":-22.9114215,"lon":-43.441578,"geo":"place","bbox":[-43.795449,-23.08302,-43.087707,-22.739823],"place":"P")"},
      {R"([[[123456789012345678901234567890,2],[1,3],[4,3],[4,2]]])",
       R"("geo":"none","place":"P")"},
      {R"([[[0.1000000000000000055511151231257827,0.3],[1,3],[4,3],[4,2]]])",
       R"("lat":1.65,"lon":2,"geo":"place","bbox":[4.145161186368179e-16,0.3,4,3],"place":"P")"},
      {R"([[[01,2],[1,3],[4,3],[4,2]]])", R"(malformed: bad number)"},
      {R"([[[1.,2],[1,3],[4,3],[4,2]]])", R"(malformed: bad number)"},
      {R"([[[.5,2],[1,3],[4,3],[4,2]]])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[[+1,2],[1,3],[4,3],[4,2]]])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[[1e,2],[1,3],[4,3],[4,2]]])", R"(malformed: bad number)"},
      {R"([[[-,2],[1,3],[4,3],[4,2]]])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[[1x,2],[1,3],[4,3],[4,2]]])", R"(malformed: bad number)"},
      {R"([[[NaN,2],[1,3],[4,3],[4,2]]])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[[Infinity,2],[1,3],[4,3],[4,2]]])",
       R"(malformed: unexpected JSON type for a known field)"},
      {R"([[["1",2],[1,3],[4,3],[4,2]]])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[[null,2],[1,3],[4,3],[4,2]]])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[[true,2],[1,3],[4,3],[4,2]]])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[[1],[1,3],[4,3],[4,2]]])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[[1,2,3],[1,3,5],[4,3,5],[4,2,5]]])",
       R"("lat":2.5,"lon":2.5,"geo":"place","bbox":[1,2,4,3],"place":"P")"},
      {R"([[[],[1,3],[4,3],[4,2]]])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[]])", R"("geo":"none","place":"P")"},
      {R"([])", R"("geo":"none","place":"P")"},
      {R"(null)", R"("geo":"none","place":"P")"},
      {R"([null])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[null]])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[1,2]])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([1,2])", R"(malformed: unexpected JSON type for a known field)"},
      {R"({})", R"(malformed: unexpected JSON type for a known field)"},
      {R"("x")", R"(malformed: unexpected JSON type for a known field)"},
      {R"(3)", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[[1,2],[1,3],[4,3],[4,2]],[[2,2],[2,2.5],[3,2.5],[3,2]]])",
       R"("lat":2.5,"lon":2.5,"geo":"place","bbox":[1,2,4,3],"place":"P")"},
      {R"([[[1,2],[1,3],[4,3],[4,2]],[["hole",2]]])",
       R"("lat":2.5,"lon":2.5,"geo":"place","bbox":[1,2,4,3],"place":"P")"},
      {R"([[[1,2],[1,3],[4,3],[4,2]],[[[1]]]])",
       R"("lat":2.5,"lon":2.5,"geo":"place","bbox":[1,2,4,3],"place":"P")"},
      {R"([[[1,2],[1,3],[4,3],[4,2]],null])",
       R"("lat":2.5,"lon":2.5,"geo":"place","bbox":[1,2,4,3],"place":"P")"},
      {R"([[[1,2],[1,3],[4,3],[4,2]],[[1,2]]])",
       R"("lat":2.5,"lon":2.5,"geo":"place","bbox":[1,2,4,3],"place":"P")"},
      {R"([[[1,2],[1,3],[4,3],[4,2]]] )",
       R"("lat":2.5,"lon":2.5,"geo":"place","bbox":[1,2,4,3],"place":"P")"},
      {R"([ [ [ 1 , 2 ] , [ 1 , 3 ] , [ 4 , 3 ] , [ 4 , 2 ] ] ])",
       R"("lat":2.5,"lon":2.5,"geo":"place","bbox":[1,2,4,3],"place":"P")"},
      {"[\t[ [\r1\t,2],[1,3],[4,3],[4,2]]]",
       R"("lat":2.5,"lon":2.5,"geo":"place","bbox":[1,2,4,3],"place":"P")"},
      {R"([[[1,2],[1,3],[4,3],[4,2],]])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[[1,2],[1,3],[4,3],[4,2]],])", R"(malformed: truncated or unbalanced JSON)"},
      {R"([[[1,2][1,3],[4,3],[4,2]]])", R"(malformed: truncated or unbalanced JSON)"},
      {R"([[[1,2],,[1,3]]])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[[1 2],[1,3]]])", R"(malformed: truncated or unbalanced JSON)"},
      {R"([[[1,2],[1,3],[4,3],[4,2]])", R"(malformed: trailing content after the JSON object)",
       R"(malformed: truncated or unbalanced JSON)"},
      {R"([[[1,2],[1,3],[4,3],[4,2]]]])", R"(malformed: trailing content after the JSON object)"},
      {R"([[[1,2],[1,3],[4,3],[4,2}]])", R"(malformed: truncated or unbalanced JSON)"},
      {R"([[[177.0,-20.0],[177.0,-12.0],[-178.0,-12.0],[-178.0,-20.0]]])",
       R"("lat":-16,"lon":179.5,"geo":"place","bbox":[177,-20,-178,-12],"place":"P")"},
      {R"([[[1.0000000000000002,2],[1,3],[4,3],[4,2]]])",
       R"("lat":2.5,"lon":2.5,"geo":"place","bbox":[1,2,4,3],"place":"P")"},
      {R"([[[9007199254740993,2],[1,3],[4,3],[4,2]]])", R"("geo":"none","place":"P")"},
      {R"([[[0.000000000000000000000000000001,2],[1,3],[4,3],[4,2]]])",
       R"("lat":2.5,"lon":2,"geo":"place","bbox":[1e-30,2,4,3],"place":"P")"},
      {R"([[[1e-22,1e-21],[1e-23,2e1],[4,2e1],[4,1e-21]]])",
       R"("lat":10,"lon":2,"geo":"place","bbox":[1e-23,1e-21,4,20],"place":"P")"},
      {R"([[[-12.968336,55.136571],[-12.968336,55.510836],)"
       R"([13.538041,55.510836],[13.538041,55.136571]]])",
       R"("lat":55.3237035,"lon":0.2848525,"geo":"place","bbox":[-12.968336,55.136571,13.538041,55.510836],"place":"P")"},
      {R"([[[1,2],[1,3],[4,3],[4,2]]]x)", R"(malformed: truncated or unbalanced JSON)"},
      {ring_of(17, 0),
       R"("lat":7.75,"lon":8,"geo":"place","bbox":[0.5,0.25,15.5,15.25],"place":"P")"},
      {ring_of(16, 1),
       R"("lat":7.75,"lon":-7.5,"geo":"place","bbox":[-15.5,0.25,0.5,15.25],"place":"P")"},
      {ring_of(30, 2), R"("lat":-7.5,"lon":7.5,"geo":"place","bbox":[0,-15,15,0],"place":"P")"},
  };
  for (const auto& c : cases) {
    check_layouts(c,
                  R"({"id_str":"1","text":"t","place":{"full_name":"P","bounding_box":)"
                  R"({"type":"Polygon","coordinates":)",
                  "}}}", R"({"id_str":"1","text":"t","place":{"bounding_box":{"coordinates":)",
                  R"(,"type":"Polygon"},"full_name":"P"}})");
  }
}

TEST_CASE("points: plain, odd and broken ones read exactly as before") {
  const Case cases[] = {
      {R"([13.1576,55.3753])", R"("lat":55.3753,"lon":13.1576,"geo":"point")"},
      {R"([1,2,3])", R"("lat":2,"lon":1,"geo":"point")"},
      {R"([1])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([])", R"(malformed: unexpected JSON type for a known field)"},
      {R"(null)", R"("geo":"none")"},
      {R"(["1",2])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([1e400,2])", R"(malformed: bad number)"},
      {R"([-0,0])", R"("lat":0,"lon":0,"geo":"point")"},
      {R"([ 1 , 2 ])", R"("lat":2,"lon":1,"geo":"point")"},
      {R"([1,2]])", R"(malformed: trailing content after the JSON object)"},
      {R"([1,2)", R"(malformed: truncated or unbalanced JSON)",
       R"(malformed: unexpected JSON type for a known field)"},
      {R"([1.5e-3,2E+1])", R"("lat":20,"lon":0.0015,"geo":"point")"},
      {R"([01,2])", R"(malformed: bad number)"},
      {R"([1,2]x)", R"(malformed: truncated or unbalanced JSON)"},
      {R"({})", R"(malformed: unexpected JSON type for a known field)"},
      {R"([[1,2]])", R"(malformed: unexpected JSON type for a known field)"},
      {R"([1,null])", R"(malformed: unexpected JSON type for a known field)"},
  };
  for (const auto& c : cases) {
    check_layouts(c, R"({"id_str":"1","text":"t","coordinates":{"type":"Point","coordinates":)",
                  "}}", R"({"id_str":"1","text":"t","coordinates":{"coordinates":)",
                  R"(,"type":"Point"}})");
  }
}
