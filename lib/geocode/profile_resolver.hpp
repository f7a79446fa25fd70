// The profile resolver: an author's stated location ("Rio de Janeiro, Brasil", "NYC", "東京",
// "ÜT: 40.71,-74.00", "🇯🇵") to a city, region or country.
#pragma once

#include <optional>
#include <string_view>

#include "geocode/gazetteer.hpp"
#include "geocode/resolution.hpp"

namespace tweetmap::geocode {

/// What the post says besides the location, used to choose between places of the same name.
struct ProfileHints {
  std::string_view lang;            ///< the post's language ("pt"), may be empty
  std::optional<int> utc_offset_s;  ///< v1.1 user.utc_offset
  std::string_view time_zone;       ///< v1.1 user.time_zone ("Eastern Time (US & Canada)", "Tokyo")
};

/// The countries a v1.1 time zone name points at, two letters each ("USCA" for the zones named
/// "... (US & Canada)", the country of the city a zone is named after): empty when unknown.
std::string zone_countries(const Gazetteer& g, std::string_view time_zone);

/// Profiles longer than this (bytes) are not read: nobody writes a place that long.
inline constexpr size_t kMaxProfileBytes = 512;

/// Resolves `location`; nullopt for nothing, joke places, invalid UTF-8, control characters,
/// strings over kMaxProfileBytes and anything unclear.
std::optional<Resolution> resolve_profile(const Gazetteer& g, std::string_view location,
                                          const ProfileHints& hints = {});

/// Two decimal numbers in the string that read as "lat, lon" (both with a fractional part, in
/// range, not both zero): "ÜT: 40.712776,-74.005974", "40.7 -74.0".
std::optional<std::pair<double, double>> find_coordinates(std::string_view s);

/// ISO codes of the flag emoji in `s` (pairs of regional indicators), in order.
std::string flag_countries(std::string_view s);

}  // namespace tweetmap::geocode
