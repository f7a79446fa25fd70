// Inputs found by the fuzzers (tests/fuzz) that once crashed or broke a property, kept under
// tests/data/regress/ and replayed here through the code that failed, so the suite (and its
// ASan + UBSan run) catches a return of the bug. File names start with the module they exercise.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "trends/engine.hpp"

namespace fs = std::filesystem;
using namespace tweetmap;

namespace {

const fs::path kRegressDir = fs::path(TWEETMAP_SOURCE_DIR) / "tests" / "data" / "regress";

std::vector<std::string> lines_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<fs::path> inputs(const std::string& prefix) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kRegressDir))
    if (e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path());
  return out;
}

/// Feeds record lines to a trends engine; returns what it wrote.
std::string run_trends(const std::vector<std::string>& lines, const TrendsConfig& c,
                       TrendsCounters* counters = nullptr) {
  REQUIRE(validate_trends_config(c).is_ok());
  TrendsEngine engine(c);
  RecordParser parser;
  std::string out;
  for (const std::string& line : lines) {
    Record r;
    if (parser.parse(line, r)) engine.add(r, out);
  }
  engine.finish(out);
  if (counters) *counters = engine.counters();
  return out;
}

/// The configuration of tests/fuzz/trends_snapshot_fuzz.cpp.
TrendsConfig fuzz_config() {
  TrendsConfig c;
  c.interval_ms = 1000;
  c.window_ms = 3000;
  c.baseline_ms = 20000;
  c.lateness_ms = 1000;
  c.warmup_ms = 0;
  c.capacity = 64;
  c.top = 3;
  c.max_regions = 4;
  c.min_count = 1;
  c.threshold = 0.5;
  c.terms = TermMode::kWords;
  return c;
}

void check_json_lines(const std::string& out) {
  simdjson::dom::parser parser;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    simdjson::dom::element doc;
    CHECK(parser.parse(line).get(doc) == simdjson::SUCCESS);
    CHECK(doc.is_object());
  }
}

}  // namespace

TEST_CASE("fuzz regressions: trends-* inputs run through the trends engine") {
  for (const fs::path& p : inputs("trends-")) {
    CAPTURE(p.filename().string());
    check_json_lines(run_trends(lines_of(p), TrendsConfig{}));
    check_json_lines(run_trends(lines_of(p), fuzz_config()));
  }
}

TEST_CASE("trends: an event time past the year 9999 is not counted (no overflow)") {
  TrendsCounters c;
  std::string out =
      run_trends(lines_of(kRegressDir / "trends-ts-overflow.jsonl"), fuzz_config(), &c);
  CHECK(c.posts == 2);
  CHECK(c.no_time == 1);
  CHECK(c.counted == 1);
  check_json_lines(out);
}

TEST_CASE("record: a ts outside int64's range is a malformed record (no overflow)") {
  RecordParser parser;
  for (const std::string& line : lines_of(kRegressDir / "record-ts-out-of-range.jsonl")) {
    CAPTURE(line);
    Record r;
    CHECK_FALSE(parser.parse(line, r).is_ok());
  }
  Record r;
  REQUIRE(parser.parse(R"({"id":"4","ts":1.4472021e12})", r).is_ok());
  CHECK(r.ts == 1447202100000);
}
