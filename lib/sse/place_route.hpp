// GET /places?q=NAME&limit=N: the place search of the map page, answered from the offline
// gazetteer (lib/geocode, GeoNames CC BY 4.0) as JSON. See docs/SSE.md.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "geocode/place_search.hpp"

namespace tweetmap {

inline constexpr size_t kPlaceQueryMaxBytes = 200;  ///< longest q= (decoded)
inline constexpr size_t kPlaceLimitDefault = 8;
inline constexpr size_t kPlaceLimitMax = 20;

struct PlaceAnswer {
  int status = 200;  ///< 200, or 400 with a one-line message as the body
  std::string body;
  std::string_view type = "application/json; charset=utf-8";
};

/// The answer to /places with this query string (without '?'), from `search` (the built-in
/// gazetteer by default). Unknown parameters are ignored.
PlaceAnswer place_answer(std::string_view query,
                         const geocode::PlaceSearch& search = geocode::PlaceSearch::instance());

}  // namespace tweetmap
