// Fuzz target: the trends snapshot writer. Mode 0 builds an arbitrary snapshot (any bytes in the
// names, any doubles, NaN and infinities included) and writes it; mode 1 runs record lines through
// the trends engine, which writes snapshots as event time passes. Either way every line written
// must be one valid UTF-8 JSON object, and the same snapshot must give the same bytes.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/record.hpp"
#include "fuzz_check.hpp"
#include "trends/engine.hpp"
#include "trends/snapshot.hpp"

using tweetmap::fuzz::check;

namespace {

void check_lines(std::string_view out, const char* what) {
  size_t pos = 0;
  while (pos < out.size()) {
    size_t nl = out.find('\n', pos);
    check(nl != std::string_view::npos, what);
    tweetmap::fuzz::check_json_line(out.substr(pos, nl - pos + 1), what);
    pos = nl + 1;
  }
}

void fuzz_snapshot(FuzzedDataProvider& in) {
  tweetmap::TrendsSnapshot s;
  s.ts = in.ConsumeIntegral<int64_t>();
  s.interval_ms = in.ConsumeIntegral<int64_t>();
  s.window_ms = in.ConsumeIntegral<int64_t>();
  s.warming = in.ConsumeBool();
  s.records = in.ConsumeIntegral<uint64_t>();
  size_t scopes = in.ConsumeIntegralInRange<size_t>(0, 4);
  for (size_t i = 0; i < scopes; ++i) {
    tweetmap::TrendScope& scope = s.scopes.emplace_back();
    scope.kind = static_cast<tweetmap::TrendScope::Kind>(in.ConsumeIntegralInRange<int>(0, 2));
    scope.name = in.ConsumeRandomLengthString(16);
    size_t items = in.ConsumeIntegralInRange<size_t>(0, 4);
    for (size_t j = 0; j < items; ++j) {
      tweetmap::TrendItem& t = scope.trends.emplace_back();
      t.term = in.ConsumeRandomLengthString(32);
      t.count = in.ConsumeIntegral<uint32_t>();
      t.expected = in.ConsumeFloatingPoint<double>();
      t.score = in.ConsumeFloatingPoint<double>();
      t.since = in.ConsumeIntegral<int64_t>();
      if (in.ConsumeBool()) {
        t.lat = in.ConsumeFloatingPoint<double>();
        t.lon = in.ConsumeFloatingPoint<double>();
      }
      t.place = in.ConsumeRandomLengthString(32);
      size_t cells = in.ConsumeIntegralInRange<size_t>(0, 3);
      for (size_t k = 0; k < cells; ++k) {
        tweetmap::TrendCell& c = t.cells.emplace_back();
        c.cell = in.ConsumeRandomLengthString(12);
        c.count = in.ConsumeIntegral<uint32_t>();
        c.lat = in.ConsumeFloatingPoint<double>();
        c.lon = in.ConsumeFloatingPoint<double>();
      }
    }
  }
  std::string out;
  tweetmap::append_snapshot_json(s, out);
  check(!out.empty() && out.find('\n') == out.size() - 1, "snapshot is not exactly one line");
  check_lines(out, "snapshot line is not one valid UTF-8 JSON object");
  std::string again;
  tweetmap::append_snapshot_json(s, again);
  check(again == out, "the same snapshot gave different bytes");
}

tweetmap::TrendsConfig small_config() {
  tweetmap::TrendsConfig c;
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
  c.terms = tweetmap::TermMode::kWords;
  check(tweetmap::validate_trends_config(c).is_ok(), "the fuzz trends config is invalid");
  return c;
}

void fuzz_engine(FuzzedDataProvider& in) {
  static const tweetmap::TrendsConfig config = small_config();
  static tweetmap::RecordParser parser;
  tweetmap::TrendsEngine engine(config);
  std::string out;
  tweetmap::Record r;
  std::string rest = in.ConsumeRemainingBytesAsString();
  std::string_view all(rest);
  size_t pos = 0;
  while (pos < all.size()) {
    size_t nl = all.find('\n', pos);
    std::string_view line = all.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? all.size() : nl + 1;
    r.clear();
    if (!parser.parse(line, r, false)) continue;
    engine.add(r, out);
    if (out.size() > (1 << 20)) {
      check_lines(out, "engine snapshot line is not one valid UTF-8 JSON object");
      out.clear();
    }
  }
  engine.finish(out);
  check_lines(out, "engine snapshot line is not one valid UTF-8 JSON object");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the mode, so that record-line seeds start with "1" and stay readable.
  FuzzedDataProvider in(data + 1, size - 1);
  if (data[0] == '1')
    fuzz_engine(in);
  else
    fuzz_snapshot(in);
  return 0;
}
