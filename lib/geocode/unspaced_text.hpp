// Place names in scripts written without spaces between words (Chinese, Japanese) and in
// Korean, where a particle is glued to the name: found only next to a locative cue, because
// without word boundaries any two characters could be read as a name.
//   Japanese: the name before で, に, から, へ, 発, 在住 ("東京で地震", "大阪から")
//   Chinese:  the name after 在, 于, 从, 來自/来自, 到 ("我在北京", "来自上海")
//   Korean:   a word ending in 에서, 에, 로, 으로, 부터 ("서울에서")
#pragma once

#include <optional>
#include <string_view>

#include "geocode/gazetteer.hpp"

namespace tweetmap::geocode {

/// The longest populous place named next to a cue in the CJK parts of `text`, or null.
/// `acceptable` says whether a place found may be used (population, kind).
const Place* find_unspaced_place(const Gazetteer& g, std::string_view text,
                                 bool (*acceptable)(const Place&));

}  // namespace tweetmap::geocode
