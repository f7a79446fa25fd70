// Fuzz target: the text resolver on any bytes. Never crashes; a result is a valid position with a
// two-letter country code and a non-empty place.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "geocode/text_resolver.hpp"

using tweetmap::fuzz::check;
namespace gc = tweetmap::geocode;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = gc::resolve_text(gc::Gazetteer::instance(), text);
  if (r) {
    check(std::isfinite(r->lat) && std::abs(r->lat) <= 90, "lat in range");
    check(std::isfinite(r->lon) && std::abs(r->lon) <= 180, "lon in range");
    check(r->cc.size() == 2, "cc is two letters");
    check(!r->place.empty(), "place named");
  }
  return 0;
}
