#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/record.hpp"
#include "trends/engine.hpp"

using namespace tweetmap;

namespace {

// The snapshot lines of `out`, one string each.
std::vector<std::string> lines_of(const std::string& out) {
  std::vector<std::string> v;
  size_t start = 0;
  while (start < out.size()) {
    size_t nl = out.find('\n', start);
    v.push_back(out.substr(start, nl - start));
    start = nl + 1;
  }
  return v;
}

}  // namespace

TEST_CASE("trends warm-up: snapshots say how much event time they have and need") {
  TrendsConfig c;
  c.interval_ms = 10'000;
  c.window_ms = 60'000;
  c.warmup_ms = 30'000;
  TrendsEngine engine(c);
  std::string out;
  Record r;
  r.tags = {"rain"};
  // One post a second for 200 s of event time, from a bucket boundary.
  const int64_t t0 = 1'700'000'000'000;
  for (int64_t s = 0; s < 200; ++s) {
    r.ts = t0 + s * 1000;
    engine.add(r, out);
  }
  std::vector<std::string> snaps = lines_of(out);
  REQUIRE(snaps.size() > 12);
  // The stream starts in the bucket before t0 (the lateness reaches into it), which holds no
  // post, so the first snapshot written ends 10 s after t0: 20 s of stream, 10 s more each.
  for (size_t k = 0; k < 7; ++k) {
    INFO(snaps[k]);
    const std::string progress =
        "\"warming\":true,\"warmup\":{\"seen\":" + std::to_string(20 + 10 * k) + ",\"need\":90}";
    CHECK(snaps[k].find(progress) != std::string::npos);
  }
  // seen reaches need: warm, and the progress is no longer written.
  INFO(snaps[7]);
  CHECK(snaps[7].find("\"warming\":false") != std::string::npos);
  CHECK(snaps[7].find("warmup") == std::string::npos);
}

TEST_CASE("trends warm-up: history in event time counts at once, however fast it arrives") {
  TrendsConfig c;  // defaults: window 300 s, warm-up 120 s
  TrendsEngine engine(c);
  std::string out;
  Record r;
  r.tags = {"rain"};
  // Ten minutes of event time given in one go (a backfill or a topic's history).
  const int64_t t0 = 1'700'000'000'000;
  for (int64_t ms = 0; ms < 600'000; ms += 100) {
    r.ts = t0 + ms;
    engine.add(r, out);
  }
  std::vector<std::string> snaps = lines_of(out);
  REQUIRE(!snaps.empty());
  CHECK(snaps.back().find("\"warming\":false") != std::string::npos);
  CHECK(snaps.front().find("\"need\":420}") != std::string::npos);
}
