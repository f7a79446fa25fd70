// Fuzz target: the profile resolver and the key folding, on any bytes. Never crashes; a result is
// a valid position with a two-letter (or empty) country code; keys are valid UTF-8 without runs of
// spaces at either end.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "geocode/normalize.hpp"
#include "geocode/profile_resolver.hpp"

using tweetmap::fuzz::check;
namespace gc = tweetmap::geocode;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  std::string lang = in.ConsumeRandomLengthString(8);
  std::optional<int> offset;
  if (in.ConsumeBool()) offset = in.ConsumeIntegralInRange<int>(-50400, 50400);
  std::string loc = in.ConsumeRemainingBytesAsString();
  std::string key = gc::fold_key(loc);
  check(key.empty() || (key.front() != ' ' && key.back() != ' '), "key trimmed");
  check(simdjson::validate_utf8(key.data(), key.size()), "key is UTF-8");
  auto r = gc::resolve_profile(gc::Gazetteer::instance(), loc, {lang, offset});
  if (r) {
    check(std::isfinite(r->lat) && std::abs(r->lat) <= 90, "lat in range");
    check(std::isfinite(r->lon) && std::abs(r->lon) <= 180, "lon in range");
    check(r->cc.empty() || r->cc.size() == 2, "cc is two letters");
  }
  return 0;
}
