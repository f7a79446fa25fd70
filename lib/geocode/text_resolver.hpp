// The text resolver: a place named in a post ("Flooding in Porto Alegre tonight"), only after a
// locative word ("in", "at", "near", "from", "en", "à", "em", "aus", "в", ...) and only when the
// name is capitalised, populous (cities of kMinTextPopulation+ people, regions, countries) and
// not a common word that is also a place ("Nice weather", "Reading a book").
#pragma once

#include <optional>
#include <string_view>

#include "geocode/gazetteer.hpp"
#include "geocode/resolution.hpp"

namespace tweetmap::geocode {

inline constexpr uint64_t kMinTextPopulation = 100000;
/// Texts longer than this (bytes) are read up to this point only.
inline constexpr size_t kMaxTextBytes = 2048;

/// The place named in `text`, or nullopt (nothing found, or unclear: resolves nothing rather
/// than guess).
std::optional<Resolution> resolve_text(const Gazetteer& g, std::string_view text);

}  // namespace tweetmap::geocode
