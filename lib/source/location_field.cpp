#include "source/location_field.hpp"

#include <algorithm>
#include <iterator>
#include <string>

#include "core/text.hpp"

namespace tweetmap {

namespace {

// Case-folded names people give the location field of their profile, by language. The commonest
// first; the list is compared whole, so order only matters for speed.
constexpr std::string_view kLocationFieldNames[] = {
    // en
    "location", "located in", "based in", "lives in", "living in", "where", "city", "hometown",
    "from",
    // de
    "ort", "wohnort", "standort", "heimat", "stadt",
    // fr
    "lieu", "localisation", "ville", "emplacement",
    // es
    "ubicación", "ubicacion", "localización", "lugar", "ciudad",
    // pt
    "localização", "localizacao", "local", "cidade",
    // it
    "posizione", "località", "città", "luogo",
    // nl
    "locatie", "woonplaats", "plaats",
    // ja, zh, ko
    "所在地", "場所", "居住地", "位置", "地点", "위치",
    // pl, cs, ru, uk, tr, sv, da/no, fi, ca
    "lokalizacja", "miejsce", "místo", "местоположение", "город", "місто", "konum", "plats", "sted",
    "sijainti", "ubicació"};

// U+1F4CD ROUND PUSHPIN, U+1F30D-U+1F30F globes, U+1F5FA WORLD MAP: a field named only by one of
// these states a place.
bool is_place_emoji(int32_t cp) {
  return cp == 0x1F4CD || (cp >= 0x1F30D && cp <= 0x1F30F) || cp == 0x1F5FA;
}

}  // namespace

bool is_location_field_name(std::string_view name) {
  // Trim everything that is not a word code point (spaces, ':', emoji) from both ends, noting
  // whether a place emoji was among it.
  size_t begin = std::string_view::npos, end = 0;
  bool place_emoji = false;
  for (size_t pos = 0; pos < name.size();) {
    size_t at = pos;
    int32_t cp = next_codepoint(name, pos);
    if (cp >= 0 && is_word_codepoint(cp)) {
      if (begin == std::string_view::npos) begin = at;
      end = pos;
    } else if (cp >= 0 && is_place_emoji(cp)) {
      place_emoji = true;
    }
  }
  if (begin == std::string_view::npos) return place_emoji;
  std::string folded = casefold(name.substr(begin, end - begin));
  return std::find(std::begin(kLocationFieldNames), std::end(kLocationFieldNames), folded) !=
         std::end(kLocationFieldNames);
}

}  // namespace tweetmap
