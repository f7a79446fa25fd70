#include "geocode/geocoder.hpp"

#include "geocode/gazetteer.hpp"
#include "geocode/profile_resolver.hpp"
#include "geocode/text_resolver.hpp"

namespace tweetmap::geocode {

std::optional<GeocodeModes> parse_geocode_modes(std::string_view s) {
  GeocodeModes m;
  if (s == "none") return m;
  if (s == "all") return GeocodeModes{true, true};
  while (!s.empty()) {
    auto comma = s.find(',');
    std::string_view one = s.substr(0, comma);
    if (one == "profile") {
      m.profile = true;
    } else if (one == "text") {
      m.text = true;
    } else {
      return std::nullopt;
    }
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  if (!m.any()) return std::nullopt;
  return m;
}

bool unplaced(const Record& r) {
  return !r.has_position() && r.geo == GeoKind::kNone && r.type.empty();
}

GeoKind geocode_record(Record& r, const GeocodeModes& modes) {
  if (!unplaced(r)) return GeoKind::kNone;
  const bool by_profile = modes.profile && !r.author_location.empty();
  const bool by_text = modes.text && !r.text.empty();
  // Nothing to read: the gazetteer is not loaded (a run that never needs it never pays for it).
  if (!by_profile && !by_text) return GeoKind::kNone;
  const Gazetteer& g = Gazetteer::instance();
  std::optional<Resolution> res;
  GeoKind kind = GeoKind::kNone;
  if (by_profile) {
    ProfileHints h{r.lang, r.author_utc_offset_s, r.author_time_zone};
    res = resolve_profile(g, r.author_location, h);
    if (res) kind = GeoKind::kProfile;
  }
  if (!res && by_text) {
    res = resolve_text(g, r.text);
    if (res) kind = GeoKind::kText;
  }
  if (!res) return GeoKind::kNone;
  r.lat = res->lat;
  r.lon = res->lon;
  r.geo = kind;
  r.prec = res->precision;
  if (r.place.empty()) r.place = res->place;
  if (r.cc.empty()) r.cc = res->cc;
  return kind;
}

}  // namespace tweetmap::geocode
