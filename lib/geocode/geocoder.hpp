// Geocoding a record: a post without a point or a source place gets a position from its author's
// stated location (geo "profile") or from a place named in its text (geo "text").
#pragma once

#include <optional>
#include <string_view>

#include "core/record.hpp"

namespace tweetmap::geocode {

/// Which resolvers run (tweet-stream --geocode).
struct GeocodeModes {
  bool profile = false;
  bool text = false;
  bool any() const { return profile || text; }
};

/// Parses "none", "profile", "text", "all" (or "profile,text"); nullopt otherwise.
std::optional<GeocodeModes> parse_geocode_modes(std::string_view s);

/// True for a post with no position and no place: the only records geocode_record changes.
bool unplaced(const Record& r);

/// Places `r` when it has no position yet: the profile first, then the text. Returns the kind
/// used (kProfile, kText) or kNone. A record with a point or place is never changed.
GeoKind geocode_record(Record& r, const GeocodeModes& modes);

}  // namespace tweetmap::geocode
