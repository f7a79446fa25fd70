#include "geocode/profile_resolver.hpp"

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include <simdjson.h>

#include "geocode/normalize.hpp"
#include "geocode/place_name.hpp"

namespace tweetmap::geocode {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A decimal number with a fractional part at s[i...]; advances i past it.
std::optional<double> decimal_at(std::string_view s, size_t& i) {
  size_t start = i;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t int_digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++int_digits;
  if (int_digits == 0 || int_digits > 3 || i >= s.size() || s[i] != '.') {
    i = start;
    return std::nullopt;
  }
  ++i;
  size_t frac = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++frac;
  if (frac == 0) {
    i = start;
    return std::nullopt;
  }
  double v = 0;
  const char* b = s.data() + start + (s[start] == '+' ? 1 : 0);
  std::from_chars(b, s.data() + i, v);
  return v;
}

// Splits a location into its comma/slash/bar separated parts, folded to keys, into `out`.
void parts_of(std::string_view s, std::vector<std::string>& out) {
  out.clear();
  size_t start = 0;
  auto flush = [&](size_t end) {
    std::string k = fold_key(s.substr(start, end - start));
    if (!k.empty()) out.push_back(std::move(k));
    start = end + 1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool spaced_dash =
        c == '-' && ((i > 0 && s[i - 1] == ' ') || (i + 1 < s.size() && s[i + 1] == ' '));
    if (c == ',' || c == '/' || c == '|' || c == ';' || c == '(' || c == ')' || c == '\n' ||
        c == '&' || c == '~' || c == '+' || spaced_dash) {
      flush(i);
    } else if ((c == '\xE2' && s.compare(i, 3, "\xE2\x80\xA2") == 0) ||
               (c == '\xC2' && s.compare(i, 2, "\xC2\xB7") == 0)) {
      flush(i);  // "•", "·": the byte after the separator starts the next part
      start = i + (s[i] == '\xE2' ? 3 : 2);
      i = start - 1;
    }
  }
  flush(s.size());
}

// Buffers of one thread, reused from post to post: a profile allocates little.
struct ProfileScratch {
  std::vector<std::string> parts;
  std::vector<const Place*> whole;
  std::vector<std::vector<const Place*>> found;
};

bool offset_matches(const Place& p, std::optional<int> utc_offset_s) {
  if (!utc_offset_s || !p.has_offset) return false;
  int m = *utc_offset_s / 60;
  return m == p.utc_offset_min[0] || m == p.utc_offset_min[1];
}

// The author's UTC offset is known and is neither of a city's (January, July).
bool clock_disagrees(const Place& p, std::optional<int> utc_offset_s) {
  return utc_offset_s && p.has_offset && !offset_matches(p, utc_offset_s);
}

bool zone_matches(const Gazetteer& g, const Place& p, std::string_view zone_ccs) {
  for (size_t i = 0; i + 1 < zone_ccs.size(); i += 2) {
    if (g.cc(p) == zone_ccs.substr(i, 2)) return true;
  }
  return false;
}

// Both of the author's v1.1 clock settings point elsewhere than a city: the UTC offset is
// neither of the city's, and the time zone names countries that are not the city's. Such a
// part may name somewhere else than where the author is ("Downtown" is also a district of
// Warsaw): a later part naming a city on the author's clock is taken instead.
bool clock_contradicts(const Gazetteer& g, const Place& p, const ProfileHints& h,
                       std::string_view zone_ccs) {
  return p.kind == PlaceKind::kCity && clock_disagrees(p, h.utc_offset_s) && !zone_ccs.empty() &&
         !zone_matches(g, p, zone_ccs);
}

bool lang_matches(const Gazetteer& g, const Place& p, std::string_view lang) {
  if (lang.size() < 2) return false;
  if (lang.substr(0, 2) == "en") return false;
  const Place* c = p.kind == PlaceKind::kCountry ? &p : g.country(g.cc(p));
  if (!c) return false;
  std::string_view l = g.langs(*c);
  while (!l.empty()) {
    auto comma = l.find(',');
    if (l.substr(0, comma) == lang.substr(0, 2)) return true;
    if (comma == std::string_view::npos) break;
    l.remove_prefix(comma + 1);
  }
  return false;
}

struct Qualifiers {
  std::vector<const Place*> places;  // countries and regions named besides the main part
  std::string flags;                 // ISO codes from flag emoji, two letters each
  bool agrees(const Gazetteer& g, const Place& p) const {
    for (const Place* q : places) {
      if (g.cc(*q) != g.cc(p)) continue;
      if (q->kind == PlaceKind::kCountry) return true;
      if (q->kind == PlaceKind::kRegion && (g.admin1(*q).empty() || g.admin1(*q) == g.admin1(p)))
        return true;
    }
    for (size_t i = 0; i + 1 < flags.size(); i += 2) {
      if (g.cc(p) == std::string_view(flags).substr(i, 2)) return true;
    }
    return false;
  }
  bool any() const { return !places.empty() || !flags.empty(); }
};

// Picks among the places named `key`. `main` is true for the first part of the location.
const Place* choose(const Gazetteer& g, const std::vector<const Place*>& cands, const Qualifiers& q,
                    const ProfileHints& h, std::string_view zone_ccs) {
  const Place* best = nullptr;
  double best_score = -1e9;
  const Place* top_country = nullptr;
  const Place* top_region = nullptr;
  const Place* top_city = nullptr;
  for (const Place* p : cands) {
    if (p->kind == PlaceKind::kCountry && !top_country) top_country = p;
    if (p->kind == PlaceKind::kRegion && p->located && !top_region) top_region = p;
    if (p->kind == PlaceKind::kCity && !top_city) top_city = p;
  }
  for (const Place* p : cands) {
    if (!p->located) continue;
    double s = std::log10(static_cast<double>(p->population) + 10);
    if (q.any()) s += q.agrees(g, *p) ? 20 : -20;
    if (offset_matches(*p, h.utc_offset_s)) s += 2;
    if (lang_matches(g, *p, h.lang)) s += 1;
    // The time zone's countries count for a city only when the author's clock does not say
    // otherwise: "London" with "Pacific Time (US & Canada)" at UTC-7 is not London, Ontario
    // (UTC-5), whatever the zone's countries.
    if (zone_matches(g, *p, zone_ccs) && !clock_disagrees(*p, h.utc_offset_s)) s += 2;
    // A country or region of this name beats a town of the same name, unless the town holds a
    // large share of it ("Singapore", "New York").
    if (p->kind == PlaceKind::kCity) {
      const Place* wider = top_country ? top_country : top_region;
      if (wider && wider != p && static_cast<double>(p->population) < 0.25 * wider->population &&
          !(q.any() && q.agrees(g, *p) && !q.agrees(g, *wider)))
        s -= 10;
    }
    if (s > best_score) {
      best_score = s;
      best = p;
    }
  }
  if (best && q.any() && !q.agrees(g, *best)) return nullptr;
  // A name that is also a region known by name only, in another country ("Santa Catarina": a
  // Brazilian state and a Mexican city): when the post's language or time zone points at the
  // region's country rather than the city's, that country is the answer (at country level: the
  // region has no position of its own).
  if (best && best->kind == PlaceKind::kCity && !q.any()) {
    auto evidence = [&](const Place& p) {
      return (lang_matches(g, p, h.lang) ? 1 : 0) + (zone_matches(g, p, zone_ccs) ? 2 : 0);
    };
    for (const Place* r : cands) {
      if (r->kind != PlaceKind::kRegion || r->located || g.cc(*r) == g.cc(*best)) continue;
      const Place* c = g.country(g.cc(*r));
      if (c && evidence(*c) > evidence(*best)) return c;
    }
  }
  return best;
}

}  // namespace

std::string zone_countries(const Gazetteer& g, std::string_view tz) {
  if (tz.empty() || tz.size() > 64) return {};
  if (tz.find("(US & Canada)") != std::string_view::npos) return "USCA";
  if (tz.find("(Canada)") != std::string_view::npos || tz == "Newfoundland") return "CA";
  if (tz == "Alaska" || tz == "Hawaii" || tz == "Arizona" || tz.substr(0, 7) == "Indiana")
    return "US";
  // Most other zones are named after a city ("Tokyo", "Brasilia", "Quito"): its country.
  for (const Place* p : g.lookup(fold_key(tz))) {
    if (p->kind != PlaceKind::kRegion) return std::string(g.cc(*p));
  }
  return {};
}

std::optional<std::pair<double, double>> find_coordinates(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!(is_digit(s[i]) || s[i] == '-' || s[i] == '+')) continue;
    if (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.')) continue;
    size_t j = i;
    auto lat = decimal_at(s, j);
    if (!lat) continue;
    size_t k = j;
    while (k < s.size() && (s[k] == ',' || s[k] == ' ' || s[k] == ';')) ++k;
    if (k == j) continue;
    auto lon = decimal_at(s, k);
    if (!lon) continue;
    if (std::abs(*lat) > 90 || std::abs(*lon) > 180 || (*lat == 0 && *lon == 0)) continue;
    return std::make_pair(*lat, *lon);
  }
  return std::nullopt;
}

std::string flag_countries(std::string_view s) {
  std::string out;
  // A regional indicator is U+1F1E6..U+1F1FF: F0 9F 87 A6..BF.
  auto indicator = [&](size_t i) -> int {
    if (i + 4 > s.size()) return -1;
    auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    if (b(0) != 0xF0 || b(1) != 0x9F || b(2) != 0x87 || b(3) < 0xA6 || b(3) > 0xBF) return -1;
    return b(3) - 0xA6;
  };
  for (size_t i = 0; i + 8 <= s.size();) {
    int a = indicator(i), b = indicator(i + 4);
    if (a >= 0 && b >= 0) {
      out.push_back(static_cast<char>('A' + a));
      out.push_back(static_cast<char>('A' + b));
      i += 8;
    } else {
      ++i;
    }
  }
  return out;
}

std::optional<Resolution> resolve_profile(const Gazetteer& g, std::string_view location,
                                          const ProfileHints& hints) {
  if (location.empty() || location.size() > kMaxProfileBytes) return std::nullopt;
  for (char c : location) {  // control characters: not something a person typed as a place
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F) return std::nullopt;
  }
  if (auto pt = find_coordinates(location)) {
    Resolution r;
    r.lat = pt->first;
    r.lon = pt->second;
    r.precision = Precision::kPoint;
    if (const Place* c = g.city_near(r.lat, r.lon, 50)) {
      r.place = place_label(g, *c);
      r.cc = std::string(g.cc(*c));
    }
    return r;
  }
  thread_local ProfileScratch scratch;
  std::vector<std::string>& parts = scratch.parts;
  parts_of(location, parts);
  Qualifiers q;
  q.flags = flag_countries(location);
  if (parts.empty() && q.flags.empty()) return std::nullopt;
  const std::string zone_ccs = zone_countries(g, hints.time_zone);
  // The whole location may be one name ("Washington, D.C.", "Rio de Janeiro"). Its key is the
  // parts' keys joined by spaces: the separators are characters the key folds to a space and
  // compose with nothing, so folding the whole again would give the same (valid UTF-8 only: an
  // invalid part folds to nothing, the whole too).
  std::string whole;
  if (simdjson::validate_utf8(location.data(), location.size())) {
    for (const std::string& part : parts) {
      if (!whole.empty()) whole += ' ';
      whole += part;
    }
  }
  std::vector<const Place*>& whole_cands = scratch.whole;
  whole_cands.clear();
  if (!whole.empty()) {
    g.lookup(whole, whole_cands);
    if (!whole_cands.empty()) {
      if (const Place* p = choose(g, whole_cands, q, hints, zone_ccs)) return to_resolution(g, *p);
    }
  }
  // The other parts qualify the first part that names a place.
  std::vector<std::vector<const Place*>>& found = scratch.found;
  if (found.size() < parts.size()) found.resize(parts.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts.size() == 1 && !whole.empty()) {
      found[i] = whole_cands;
    } else {
      g.lookup(parts[i], found[i]);
    }
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    if (found[i].empty()) continue;
    Qualifiers qi = q;
    for (size_t j = 0; j < parts.size(); ++j) {
      if (j == i) continue;
      for (const Place* p : found[j]) {
        if (p->kind != PlaceKind::kCity) qi.places.push_back(p);
      }
    }
    // An unrecognised qualifier ("Springfield, Narnia") does not veto; unknown ones are ignored.
    const Place* p = choose(g, found[i], qi, hints, zone_ccs);
    // Qualifiers that disagree with every place of this name: the qualifier itself may be the
    // answer (a country or region), tried as the next part.
    if (!p) continue;
    if (!clock_contradicts(g, *p, hints, zone_ccs)) return to_resolution(g, *p);
    // "Downtown, San Antonio" on US Central time: a later part that names a city on the
    // author's clock wins; otherwise this part does.
    for (size_t j = i + 1; j < parts.size(); ++j) {
      for (const Place* later : found[j]) {
        if (later->kind == PlaceKind::kCity && later->located &&
            offset_matches(*later, hints.utc_offset_s) && zone_matches(g, *later, zone_ccs))
          return to_resolution(g, *later);
      }
    }
    return to_resolution(g, *p);
  }
  // "Berkeley CA", "Houston Texas": the last words of a part may qualify the first ones.
  for (const std::string& part : parts) {
    for (size_t sp = part.rfind(' '); sp != std::string::npos && sp > 0;
         sp = part.rfind(' ', sp - 1)) {
      auto quals = g.lookup(std::string_view(part).substr(sp + 1));
      auto heads = g.lookup(std::string_view(part).substr(0, sp));
      if (quals.empty() || heads.empty()) continue;
      Qualifiers qi = q;
      for (const Place* p : quals) {
        if (p->kind != PlaceKind::kCity) qi.places.push_back(p);
      }
      if (qi.places.empty()) continue;
      if (const Place* p = choose(g, heads, qi, hints, zone_ccs)) return to_resolution(g, *p);
    }
  }
  if (q.flags.size() >= 2) {
    if (const Place* c = g.country(std::string_view(q.flags).substr(0, 2)))
      return to_resolution(g, *c);
  }
  return std::nullopt;
}

}  // namespace tweetmap::geocode
