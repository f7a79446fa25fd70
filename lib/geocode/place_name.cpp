#include "geocode/place_name.hpp"

namespace tweetmap::geocode {

std::string place_label(const Gazetteer& g, const Place& p) {
  std::string out(p.name);
  if (p.kind == PlaceKind::kCountry) return out;
  if (p.kind == PlaceKind::kCity && !p.admin1.empty()) {
    const Place* r = g.region(p.cc, p.admin1);
    if (r) {
      out += ", ";
      out += r->name;
    }
  }
  out += ", ";
  out += p.cc;
  return out;
}

Resolution to_resolution(const Gazetteer& g, const Place& p) {
  Resolution r;
  r.lat = p.lat;
  r.lon = p.lon;
  r.place = place_label(g, p);
  r.cc = std::string(p.cc);
  r.precision = p.kind == PlaceKind::kCity     ? Precision::kCity
                : p.kind == PlaceKind::kRegion ? Precision::kRegion
                                               : Precision::kCountry;
  return r;
}

}  // namespace tweetmap::geocode
