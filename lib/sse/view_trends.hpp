// The trends of one map view, worked out from a `trends` snapshot (docs/TRENDS.md) for
// `GET /trends?bbox=W,S,E,N`: what the page's "In this view" lists.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"
#include "core/status.hpp"

namespace tweetmap {

/// A position as the snapshot writes it: [lon, lat] (GeoJSON order).
using LonLat = std::array<double, 2>;

/// One cell of a trend inside the view.
struct ViewTrendCell {
  std::string cell;              ///< geohash
  int64_t count = 0;             ///< the term's posts there, in the window
  std::optional<LonLat> center;  ///< [lon, lat], the mean position of those posts
};

/// One trend of the view.
struct ViewTrend {
  std::string term;
  std::string scope;    ///< "global", "cc" or "cell": the snapshot scope it was taken from
  std::string region;   ///< the country code (cc) or geohash (cell); "" for global
  int64_t count = 0;    ///< its posts in the view: over its cells inside the box (or, for an
                        ///< area overlapping the box with no cell listed inside, the area's)
  int64_t total = 0;    ///< its count in the whole scope
  double expected = 0;  ///< the scope's baseline for the window
  double score = 0;     ///< the scope's z
  std::string place;    ///< the place most seen with it ("" = none)
  std::optional<LonLat> where;       ///< [lon, lat] to fly to: its busiest cell in view, else its
                                     ///< centroid or the area's centre when inside the box
  std::vector<ViewTrendCell> cells;  ///< its cells inside the box, busiest first
};

/// What the view gets: the snapshot's time and window, and its trends, best score first.
struct ViewTrends {
  bool have_snapshot = false;  ///< false before the first snapshot (then the rest is empty)
  int64_t ts = 0;
  double window_s = 0;
  bool warming = false;
  std::vector<ViewTrend> trends;
};

/// The view's trends in `snapshot_json` (one `trends` line): every global and country trend with
/// a cell inside `view` (its count taken over those cells) and every trend of a cell scope whose
/// box overlaps `view`; one entry per term (the best score, the largest count), best score first
/// (ties: higher count, then term), at most `limit`. `view` is [w,s,e,n], west > east across the
/// antimeridian. Errors (kParse) when the line is not a JSON object. Pure; thread-safe.
Result<ViewTrends> view_trends(std::string_view snapshot_json, const BBox& view, size_t limit);

/// The answer of `GET /trends` as compact JSON:
/// {"ts":..,"window":..,"warming":..,"bbox":[w,s,e,n],"trends":[{"term","scope",("cc"|"cell"),
///  "count","total","expected","score",("place"),("where":[lon,lat]),"cells":[..]}]}
/// ("ts":null and no trends before the first snapshot).
std::string view_trends_json(const ViewTrends& v, const BBox& view);

/// What `GET /trends` was asked.
struct ViewTrendsQuery {
  BBox bbox{};                   ///< bbox=W,S,E,N
  size_t limit = 20;             ///< limit=N
  std::string token;             ///< token= (checked against --token-file, as for /events)
  bool has_token_param = false;  ///< token= was present
};
/// Reads the query of `GET /trends`: `bbox=W,S,E,N` (one box, required; west > east crosses the
/// antimeridian), `limit=N` (1-100, default 20) and `token=`. Unknown parameters are ignored.
/// Errors (kUsage) in one line naming the parameter.
Result<ViewTrendsQuery> parse_view_trends_query(std::string_view query);

}  // namespace tweetmap
