// Fuzz target: the --track expression parser, the --locations / bbox= box parser and the compiled
// filter. Parsing never crashes; accepted boxes are in range; matching never crashes, whatever the
// expression and the text.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/filter.hpp"
#include "core/record.hpp"
#include "fuzz_check.hpp"

using tweetmap::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  std::string track = in.ConsumeRandomLengthString(256);
  std::string boxes = in.ConsumeRandomLengthString(256);
  std::string lang = in.ConsumeRandomLengthString(32);
  tweetmap::Record r;
  r.id = "1";
  r.text = in.ConsumeRandomLengthString(512);
  r.tags.push_back(in.ConsumeRandomLengthString(64));
  r.lang = in.ConsumeRandomLengthString(16);
  if (in.ConsumeBool()) {
    r.lat = in.ConsumeFloatingPoint<double>();
    r.lon = in.ConsumeFloatingPoint<double>();
    r.geo = tweetmap::GeoKind::kPoint;
  }
  if (in.ConsumeBool()) {
    r.bbox = tweetmap::BBox{in.ConsumeFloatingPoint<double>(), in.ConsumeFloatingPoint<double>(),
                            in.ConsumeFloatingPoint<double>(), in.ConsumeFloatingPoint<double>()};
    if (r.geo == tweetmap::GeoKind::kNone) r.geo = tweetmap::GeoKind::kPlace;
  }
  r.rt = in.ConsumeBool();

  auto expr = tweetmap::TrackExpr::parse(track);
  if (expr) {
    (void)expr->matches(r);
    (void)expr->matches_text(r.text, r.tags);
  } else {
    check(!expr.status().message().empty(), "track error without a message");
  }

  auto parsed = tweetmap::parse_boxes(boxes);
  if (parsed) {
    for (const tweetmap::BBox& b : *parsed) {
      check(b[0] >= -180 && b[0] <= 180 && b[2] >= -180 && b[2] <= 180, "box longitude range");
      check(b[1] >= -90 && b[1] <= 90 && b[3] >= -90 && b[3] <= 90, "box latitude range");
      check(b[1] <= b[3], "box south above north");
    }
  } else {
    check(!parsed.status().message().empty(), "box error without a message");
  }

  tweetmap::FilterSpec spec;
  spec.track = track;
  spec.locations = boxes;
  if (!lang.empty()) spec.langs.push_back(lang);
  spec.geo_only = in.ConsumeBool();
  spec.no_retweets = in.ConsumeBool();
  auto filter = tweetmap::Filter::make(spec);
  check(filter.is_ok() == (expr.is_ok() && parsed.is_ok()),
        "Filter::make disagrees with the track and box parsers");
  if (filter) (void)filter->matches(r);
  return 0;
}
