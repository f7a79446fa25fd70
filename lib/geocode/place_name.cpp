#include "geocode/place_name.hpp"

namespace tweetmap::geocode {

std::string place_label(const Gazetteer& g, const Place& p) {
  std::string out(g.name(p));
  if (p.kind == PlaceKind::kCountry) return out;
  if (p.kind == PlaceKind::kCity && !g.admin1(p).empty()) {
    const Place* r = g.region(g.cc(p), g.admin1(p));
    if (r) {
      out += ", ";
      out += g.name(*r);
    }
  }
  out += ", ";
  out += g.cc(p);
  return out;
}

Resolution to_resolution(const Gazetteer& g, const Place& p) {
  Resolution r;
  r.lat = p.lat;
  r.lon = p.lon;
  r.place = place_label(g, p);
  r.cc = std::string(g.cc(p));
  r.precision = p.kind == PlaceKind::kCity     ? Precision::kCity
                : p.kind == PlaceKind::kRegion ? Precision::kRegion
                                               : Precision::kCountry;
  return r;
}

}  // namespace tweetmap::geocode
