// The trends engine end to end on made-up streams: the window, the score and the regional
// scopes (global, country, cell), read back from the snapshot lines it writes.
#include "trends/engine.hpp"

#include <doctest/doctest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "trend_config.hpp"
#include "trends/geocell.hpp"

using namespace tweetmap;

namespace {

constexpr int64_t kBase = 1'700'000'000'000;  // a whole number of intervals

Record post(int64_t at_s, const std::string& tag, const std::string& cc, double lat, double lon,
            const std::string& place = "") {
  Record r;
  r.id = std::to_string(at_s);
  r.ts = kBase + at_s * 1000;
  r.lat = lat;
  r.lon = lon;
  r.geo = GeoKind::kPoint;
  r.cc = cc;
  r.place = place;
  r.tags = {tag};
  return r;
}

TrendsConfig small_config() { return small_trends_config(); }

// 300 s of steady traffic (#steady in New York, #calm in Osaka, one post each per second), then
// a burst of #quake in Tokyo (two posts per second for 30 s).
std::vector<Record> burst_stream() {
  std::vector<Record> in;
  for (int64_t s = 0; s < 330; ++s) {
    in.push_back(post(s, "steady", "US", 40.71, -74.01, "New York, USA"));
    in.push_back(post(s, "calm", "JP", 34.69, 135.50, "Osaka, Japan"));
    if (s >= 300)
      for (int k = 0; k < 2; ++k)
        in.push_back(post(s, "quake", "JP", 35.68, 139.76, "Tokyo, Japan"));
  }
  return in;
}

// Every snapshot line the engine writes for `in` (finish() included), and its counters.
std::vector<std::string> run(const TrendsConfig& c, const std::vector<Record>& in,
                             TrendsCounters* counters = nullptr) {
  TrendsEngine engine(c);
  std::string out;
  for (const Record& r : in) engine.add(r, out);
  engine.finish(out);
  if (counters) *counters = engine.counters();
  std::vector<std::string> lines;
  for (size_t at = 0; at < out.size();) {
    size_t nl = out.find('\n', at);
    lines.push_back(out.substr(at, nl - at));
    at = nl + 1;
  }
  return lines;
}

struct Trend {
  std::string scope, region, term;
  int64_t count = 0;
  double score = 0;
};

// The (scope, region, term) triples of a snapshot line, in its order.
std::vector<Trend> trends_of(const std::string& line, bool* warming = nullptr) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(line);
  if (warming) *warming = bool(doc["warming"]);
  std::vector<Trend> out;
  for (simdjson::dom::element sc : doc["scopes"].get_array()) {
    const std::string scope{std::string_view(sc["scope"])};
    std::string region = scope == "cc"     ? std::string(std::string_view(sc["cc"]))
                         : scope == "cell" ? std::string(std::string_view(sc["cell"]))
                                           : "";
    for (simdjson::dom::element t : sc["trends"].get_array())
      out.push_back({scope, region, std::string(std::string_view(t["term"])), int64_t(t["count"]),
                     double(t["score"])});
  }
  return out;
}

}  // namespace

TEST_CASE("trends engine: a regional burst trends globally, in its country and in its cell") {
  TrendsCounters counters;
  std::vector<std::string> lines = run(small_config(), burst_stream(), &counters);
  // One snapshot per interval: 330 s of posts, the last interval written by finish().
  REQUIRE(lines.size() == 33);
  const std::string tokyo = geocell_name(geocell_of(35.68, 139.76, 4));
  bool warming = true;
  std::vector<Trend> last = trends_of(lines.back(), &warming);
  CHECK_FALSE(warming);
  REQUIRE(last.size() == 3);
  CHECK(last[0].scope == "global");
  CHECK(last[1].scope == "cc");
  CHECK(last[1].region == "JP");
  CHECK(last[2].scope == "cell");
  CHECK(last[2].region == tokyo);
  for (const Trend& t : last) {
    CHECK(t.term == "#quake");
    CHECK(t.count == 60);  // the window: 30 s of two posts a second
    CHECK(t.score >= 4.5);
  }
  // Where: the centroid and place of the posts of the burst.
  simdjson::dom::parser parser;
  simdjson::dom::element g = parser.parse(lines.back())["scopes"].at(0)["trends"].at(0);
  CHECK(double(g["centroid"].at(0)) == doctest::Approx(139.76));
  CHECK(double(g["centroid"].at(1)) == doctest::Approx(35.68));
  CHECK(std::string_view(g["place"]) == "Tokyo, Japan");
  CHECK(std::string_view(g["cells"].at(0)["cell"]) == tokyo);
  // Before the burst nothing trended: steady terms stay under the threshold in every scope.
  for (size_t i = 0; i < 30; ++i) CHECK(trends_of(lines[i]).empty());
  CHECK(counters.counted == 330 * 2 + 60);
  CHECK(counters.snapshots == 33);
}

TEST_CASE("trends engine: warming lists nothing, and the global scope is always there") {
  TrendsConfig c = small_config();
  c.warmup_ms = 3'600'000;
  std::vector<std::string> lines = run(c, burst_stream());
  REQUIRE(!lines.empty());
  bool warming = false;
  CHECK(trends_of(lines.back(), &warming).empty());
  CHECK(warming);
  CHECK(lines.back().find(R"("scopes":[{"scope":"global","trends":[]}])") != std::string::npos);
}

TEST_CASE("trends engine: scopes left out are not computed") {
  TrendsConfig c = small_config();
  c.country = false;
  std::vector<std::string> lines = run(c, burst_stream());
  std::vector<Trend> last = trends_of(lines.back());
  REQUIRE(last.size() == 2);
  CHECK(last[0].scope == "global");
  CHECK(last[1].scope == "cell");
  TrendsEngine all(small_config()), fewer(c);
  CHECK(fewer.table_bytes() < all.table_bytes());
  c.global = c.cell = false;
  CHECK(validate_trends_config(c).code() == ErrorCode::kUsage);
}

TEST_CASE("trends engine: the same input gives the same bytes") {
  std::vector<Record> in = burst_stream();
  CHECK(run(small_config(), in) == run(small_config(), in));
}

TEST_CASE("trends engine: late posts and posts without a time are not counted") {
  TrendsEngine engine(small_config());
  std::string out;
  CHECK(engine.add(post(100, "a", "US", 1, 1), out));
  CHECK(engine.add(post(125, "a", "US", 1, 1), out));
  CHECK_FALSE(out.empty());  // the snapshots ending at 110 and 120 s
  // 100 s is in the window written at 110 s: too late now. A time of 0 is no time.
  CHECK_FALSE(engine.add(post(100, "a", "US", 1, 1), out));
  Record no_time = post(0, "a", "US", 1, 1);
  no_time.ts = 0;
  CHECK_FALSE(engine.add(no_time, out));
  CHECK(engine.counters().posts == 4);
  CHECK(engine.counters().counted == 2);
  CHECK(engine.counters().late == 1);
  CHECK(engine.counters().first_late_ts == kBase + 100'000);
  CHECK(engine.counters().no_time == 1);
}

TEST_CASE("trends engine: a post in a cell also counts in its country, not in another") {
  // Two bursts of the same tag: Tokyo (JP) and Paris (FR), the Paris one twice as big.
  std::vector<Record> in;
  for (int64_t s = 0; s < 330; ++s) {
    in.push_back(post(s, "calm", "JP", 34.69, 135.50));
    in.push_back(post(s, "calm", "FR", 45.76, 4.84));
    if (s >= 300) {
      in.push_back(post(s, "eclipse", "JP", 35.68, 139.76));
      for (int k = 0; k < 2; ++k) in.push_back(post(s, "eclipse", "FR", 48.86, 2.35));
    }
  }
  std::vector<Trend> last = trends_of(run(small_config(), in).back());
  std::vector<std::string> regions;
  for (const Trend& t : last) {
    CHECK(t.term == "#eclipse");
    if (t.scope == "global") CHECK(t.count == 90);
    if (t.region == "FR") CHECK(t.count == 60);
    if (t.region == "JP") CHECK(t.count == 30);
    regions.push_back(t.scope + ":" + t.region);
  }
  // Best score first within each scope kind: the bigger burst leads.
  const std::string paris = geocell_name(geocell_of(48.86, 2.35, 4));
  const std::string tokyo = geocell_name(geocell_of(35.68, 139.76, 4));
  CHECK(regions ==
        std::vector<std::string>{"global:", "cc:FR", "cc:JP", "cell:" + paris, "cell:" + tokyo});
}
