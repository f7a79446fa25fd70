#include "source/synth.hpp"

#include <doctest/doctest.h>
#include <simdjson.h>

#include <set>
#include <string>

#include "core/hashtags.hpp"
#include "source/gazetteer.hpp"
#include "source/synth_vocab.hpp"

using namespace tweetmap;

namespace {
std::string run(const SynthConfig& cfg, int n) {
  SynthGenerator g(cfg);
  Record r;
  std::string out;
  for (int i = 0; i < n; ++i) {
    g.next(r);
    append_record_json(r, out);
  }
  return out;
}
}  // namespace

TEST_CASE("gazetteer: real cities, largest first") {
  auto cities = gazetteer_cities();
  REQUIRE(cities.size() > 5000);
  CHECK(cities[0].population > 10'000'000);
  for (size_t i = 0; i < cities.size(); ++i) {
    CHECK(std::string(cities[i].cc()).size() == 2);
    CHECK(cities[i].lat >= -90);
    CHECK(cities[i].lat <= 90);
    CHECK(cities[i].lon >= -180);
    CHECK(cities[i].lon <= 180);
    CHECK(cities[i].population >= 100'000);
    if (i) CHECK(cities[i].population <= cities[i - 1].population);
  }
}

TEST_CASE("synth: same seed, same bytes, another seed, other bytes") {
  SynthConfig cfg;
  cfg.seed = 42;
  std::string a = run(cfg, 5000), b = run(cfg, 5000);
  CHECK(a == b);
  cfg.seed = 43;
  CHECK(run(cfg, 5000) != a);
}

TEST_CASE("synth: records are well-formed and positions lie in their place box") {
  SynthConfig cfg;
  cfg.start_ms = 1'600'000'000'000;
  cfg.density = 200;
  SynthGenerator g(cfg);
  Record r;
  int64_t last = 0;
  std::set<std::string> ids;
  int points = 0, places = 0, none = 0;
  for (int i = 0; i < 20000; ++i) {
    g.next(r);
    if (i == 0) CHECK(r.ts == cfg.start_ms);
    CHECK(r.ts >= last);
    last = r.ts;
    ids.insert(r.id);
    CHECK(r.src == "synth");
    CHECK_FALSE(r.lang.empty());
    if (r.geo == GeoKind::kNone) {
      ++none;
      CHECK_FALSE(r.has_position());
      continue;
    }
    (r.geo == GeoKind::kPoint ? points : places)++;
    REQUIRE(r.bbox.has_value());
    REQUIRE(r.has_position());
    const BBox& b = *r.bbox;
    CHECK(*r.lat >= b[1]);
    CHECK(*r.lat <= b[3]);
    if (b[0] <= b[2]) {
      CHECK(*r.lon >= b[0]);
      CHECK(*r.lon <= b[2]);
    }
    CHECK(r.cc.size() == 2);
    CHECK(r.place.find(", ") != std::string::npos);
  }
  CHECK(ids.size() == 20000);
  CHECK(points > 4000);
  CHECK(places > 12000);
  CHECK(none > 500);
  // 20000 records at 200/s span about 100 s of event time.
  CHECK(last - cfg.start_ms > 90'000);
  CHECK(last - cfg.start_ms < 110'000);
}

TEST_CASE("synth: burst tags never collide with everyday tags or city names") {
  std::set<std::string> common;
  auto fold = [](std::string_view s) {
    std::vector<std::string> t;
    add_hashtag(s, t);
    return t.at(0);
  };
  for (auto t : synth_common_tags()) common.insert(fold(t));
  for (const auto& c : gazetteer_cities()) {
    std::string t;
    for (char ch : std::string_view(c.name()))
      if (ch != ' ' && ch != '-' && ch != '\'' && ch != '.' && ch != ',') t.push_back(ch);
    if (!t.empty()) common.insert(fold(t));
  }
  for (auto t : synth_burst_tags()) {
    CAPTURE(t);
    CHECK(common.count(fold(t)) == 0);
  }
}

TEST_CASE("synth: bursts concentrate their term in one city for their span") {
  SynthConfig cfg;
  cfg.density = 100;
  cfg.burst_interval_s = 60;
  SynthGenerator g(cfg);
  Record r;
  std::vector<Record> recs;
  for (int i = 0; i < 100'000; ++i) {  // ~1000 s
    g.next(r);
    recs.push_back(r);
  }
  auto finished = g.take_finished();
  REQUIRE(finished.size() >= 3);
  for (const SynthBurst& b : finished) {
    CAPTURE(b.term);
    CHECK(b.end_ms > b.start_ms);
    CHECK(b.records > 0);
    uint64_t seen = 0;
    for (const Record& x : recs) {
      if (std::find(x.tags.begin(), x.tags.end(), b.term) == x.tags.end()) continue;
      if (x.ts < b.start_ms || x.ts >= b.end_ms) continue;
      ++seen;
      CHECK(x.cc == b.cc);
      CHECK(x.place == b.place);
      CHECK(*x.lat >= b.bbox[1]);
      CHECK(*x.lat <= b.bbox[3]);
    }
    CHECK(seen == b.records);
  }
  auto running = g.take_running();
  CHECK(g.take_running().empty());
  (void)running;
}

TEST_CASE("synth: truth lines are JSON with the documented fields") {
  SynthBurst b;
  b.tag = "Apagón";
  b.term = "apagón";
  b.place = "Madrid, Spain";
  b.cc = "ES";
  b.lat = 40.4165;
  b.lon = -3.7026;
  b.radius_km = 21.6;
  b.bbox = {-3.9, 40.2, -3.5, 40.6};
  b.start_ms = 1000;
  b.end_ms = 2000;
  b.peak_share = 0.041;
  b.records = 12;
  std::string line = burst_truth_json(b, true);
  CHECK(line.back() == '\n');
  simdjson::dom::parser parser;
  auto doc = parser.parse(line);
  REQUIRE(doc.error() == simdjson::SUCCESS);
  CHECK(std::string_view(doc["term"].get_string().value()) == "apagón");
  CHECK(doc["start"].get_int64().value() == 1000);
  CHECK(doc["records"].get_int64().value() == 12);
  CHECK(doc["bbox"].get_array().size() == 4);
  CHECK(doc["cut"].get_bool().value());
  CHECK(burst_truth_json(b, false).find("cut") == std::string::npos);
}
