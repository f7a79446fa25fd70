#include "cli/place_answer.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/json_write.hpp"
#include "sse/query.hpp"

namespace tweetmap {
namespace {

QueryAnswer bad(std::string message) {
  return {400, std::move(message) + "\n", "text/plain; charset=utf-8"};
}

std::string_view kind_name(geocode::PlaceKind k) {
  switch (k) {
    case geocode::PlaceKind::kCity:
      return "city";
    case geocode::PlaceKind::kRegion:
      return "region";
    case geocode::PlaceKind::kCountry:
      return "country";
  }
  return "city";
}

}  // namespace

QueryAnswer place_answer(std::string_view query, const geocode::PlaceSearch& search) {
  auto params = parse_query(query);
  if (!params) return bad(params.status().message());
  std::string q;
  bool has_q = false;
  size_t limit = kPlaceLimitDefault;
  for (const auto& [name, value] : *params) {
    if (name == "q") {
      q = value;
      has_q = true;
    } else if (name == "limit") {
      size_t n = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc{} || ptr != value.data() + value.size() || n < 1 || n > kPlaceLimitMax)
        return bad(fmt::format("limit: expected a whole number from 1 to {}", kPlaceLimitMax));
      limit = n;
    }
  }
  if (!has_q || q.empty()) return bad("q: a place name is required");
  if (q.size() > kPlaceQueryMaxBytes)
    return bad(fmt::format("q: longer than {} bytes", kPlaceQueryMaxBytes));

  const geocode::Gazetteer& g = search.gazetteer();
  std::string out;
  JsonWriter w(out);
  w.begin_object().field("q", q).key("places").begin_array();
  for (const geocode::PlaceHit& h : search.find(q, limit)) {
    const geocode::Place& p = *h.place;
    w.begin_object().field("name", g.name(p)).field("kind", kind_name(p.kind)).field("cc", g.cc(p));
    if (p.kind != geocode::PlaceKind::kCountry) {
      if (const geocode::Place* c = g.country(g.cc(p))) w.field("country", g.name(*c));
    }
    if (p.kind == geocode::PlaceKind::kCity && !g.admin1(p).empty()) {
      if (const geocode::Place* r = g.region(g.cc(p), g.admin1(p))) w.field("region", g.name(*r));
    }
    w.key("lat").number(p.lat).key("lon").number(p.lon);
    w.key("population").integer(static_cast<int64_t>(p.population));
    w.key("exact").boolean(h.exact);
    w.end_object();
  }
  w.end_array();
  w.field("attribution", "GeoNames, CC BY 4.0, https://www.geonames.org/");
  w.end_object();
  out += '\n';
  return {200, std::move(out)};
}

}  // namespace tweetmap
