// How a resolved place is written into a record: its label and precision.
#pragma once

#include <string>

#include "geocode/gazetteer.hpp"
#include "geocode/resolution.hpp"

namespace tweetmap::geocode {

/// "Porto Alegre, BR", "Austin, Texas, US", "Texas, US", "Brazil".
std::string place_label(const Gazetteer& g, const Place& p);
/// The place as a resolution (coordinates, label, cc, precision from its kind).
Resolution to_resolution(const Gazetteer& g, const Place& p);

}  // namespace tweetmap::geocode
