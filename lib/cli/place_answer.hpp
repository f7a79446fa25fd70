// GET /places?q=NAME&limit=N of sse-serve: the place search of the map page, answered from the
// offline gazetteer (lib/geocode, GeoNames CC BY 4.0) as JSON. See docs/SSE.md. Glue between
// sse/ (the query string, the route's answer) and geocode/ (the search).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "geocode/place_search.hpp"
#include "sse/routes.hpp"

namespace tweetmap {

inline constexpr size_t kPlaceQueryMaxBytes = 200;  ///< longest q= (decoded)
inline constexpr size_t kPlaceLimitDefault = 8;
inline constexpr size_t kPlaceLimitMax = 20;

/// The answer to /places with this query string (without '?'), from `search` (the built-in
/// gazetteer by default): 200 and JSON, or 400 and a one-line message. Unknown parameters are
/// ignored.
QueryAnswer place_answer(std::string_view query,
                         const geocode::PlaceSearch& search = geocode::PlaceSearch::instance());

}  // namespace tweetmap
