#include "geocode/gazetteer.hpp"

#include <doctest/doctest.h>

#include "geocode/normalize.hpp"

using namespace tweetmap::geocode;

TEST_CASE("fold_key: case, diacritics, width, punctuation, scripts") {
  CHECK(fold_key("São Paulo!") == "sao paulo");
  CHECK(fold_key("  ZÜRICH ") == "zurich");
  CHECK(fold_key("Ｔｏｋｙｏ") == "tokyo");  // full-width (NFKC)
  CHECK(fold_key("St.-Étienne") == "st etienne");
  CHECK(fold_key("Москва") == "москва");
  CHECK(fold_key("Straße") == "strasse");
  CHECK(fold_key("東京") == "東京");
  CHECK(fold_key("हिन्दी") == "हिन्दी");  // Devanagari vowel signs are kept
  CHECK(fold_key("!!! ...").empty());
  CHECK(fold_key("bad \xC3\x28 utf8").empty());
  CHECK(fold_key(std::string(kMaxKeyInput + 1, 'a')).empty());
}

TEST_CASE("fold_key: the Latin table, compatibility forms and composition agree with Unicode") {
  // Code points below U+0300 fold one by one from a table; the rest take the general path.
  CHECK(fold_key("\u01C4akovo") == "dzakovo");             // a compatibility ligature with a caron
  CHECK(fold_key("\u00BD Stra\u00DFe") == "1 2 strasse");  // the fraction slash separates
  CHECK(fold_key("\u00C6r\u00F8sk\u00F8bing") == "\u00E6r\u00F8sk\u00F8bing");
  CHECK(fold_key("\u00B5-Caf\u00E9") == "\u03BC cafe");  // micro sign to Greek mu
  CHECK(fold_key("\u0141\u00F3d\u017A") == "\u0142odz");
  CHECK(fold_key("\u0130stanbul") == "istanbul");
  CHECK(fold_key("E\u0301vora") == "evora");    // a decomposed accent, dropped
  CHECK(fold_key("\uFB01nland") == "finland");  // a ligature outside the table
  CHECK(fold_key("\u1F08\u03B8\u1FC6\u03BD\u03B1\u03B9") == "\u03B1\u03B8\u03B7\u03BD\u03B1\u03B9");
  CHECK(fold_key("\u3131") == "\u1100");              // a compatibility jamo
  CHECK(fold_key("\uD55C\uAD6D") == "\uD55C\uAD6D");  // Hangul syllables recomposed
  CHECK(fold_key("\uFF84\uFF73\uFF77\uFF6E\uFF73") == "\u30C8\u30A6\u30AD\u30E7\u30A6");
  CHECK(fold_key("Paris \u2764\uFE0F") == "paris \uFE0F");  // a variation selector is a mark
  CHECK(fold_key("S\u00E3o \xC3").empty());                 // a lead byte cut off: invalid UTF-8
}

TEST_CASE("gazetteer: a small table in the file format") {
  const char* tsv =
      "# comment\n"
      "c\tSpringfield\tUS\tIL\t39.8\t-89.64\t116000\t-360,-300\tspringfield\n"
      "c\tSpringfield\tUS\tMO\t37.21\t-93.29\t166000\t-360,-300\tspringfield\n"
      "k\tUS\tUnited States\t38.0\t-97.0\t327000000\ten\tunited states|usa\n"
      "r\tUS\tIL\tIllinois\t41.0\t-88.5\t12800000\tillinois|il\n"
      "r\tDE\t\tBayern\t0\t0\t0\tbayern\n"
      "bogus line\n";
  Gazetteer g(tsv);
  CHECK(g.size() == 5);
  auto s = g.lookup("springfield");
  REQUIRE(s.size() == 2);
  CHECK(g.admin1(*s[0]) == "MO");  // most populous first
  CHECK(s[0]->has_offset);
  CHECK(s[0]->utc_offset_min[0] == -360);
  CHECK(g.lookup("usa").at(0)->kind == PlaceKind::kCountry);
  CHECK(g.lookup("nowhere").empty());
  REQUIRE(g.region("US", "IL"));
  CHECK(g.name(*g.region("US", "IL")) == "Illinois");
  CHECK_FALSE(g.lookup("bayern").at(0)->located);  // a qualifier only
  CHECK(g.name(*g.country("US")) == "United States");
  CHECK(g.country("ZZ") == nullptr);
  REQUIRE(g.city_near(39.7, -89.6, 50));
  CHECK(g.admin1(*g.city_near(39.7, -89.6, 50)) == "IL");
  CHECK(g.city_near(0, 0, 50) == nullptr);
}

TEST_CASE("gazetteer: the built-in table") {
  const Gazetteer& g = Gazetteer::instance();
  CHECK(g.size() > 30000);
  auto tokyo = g.lookup(fold_key("東京"));
  REQUIRE_FALSE(tokyo.empty());
  CHECK(g.cc(*tokyo[0]) == "JP");
  auto de = g.lookup(fold_key("Deutschland"));
  REQUIRE_FALSE(de.empty());
  CHECK(de[0]->kind == PlaceKind::kCountry);
  CHECK(g.cc(*de[0]) == "DE");
  CHECK(g.lookup("tx").at(0)->kind == PlaceKind::kRegion);
  CHECK(g.lookup("ontario").size() >= 1);
  CHECK(distance_km(48.8566, 2.3522, 51.5074, -0.1278) == doctest::Approx(344).epsilon(0.01));
}

namespace tweetmap::geocode {
std::string_view geocode_table();  // the built-in table (generated)
}

TEST_CASE("gazetteer: the places and index built with the table agree with those read at load") {
  const Gazetteer& built_in = Gazetteer::instance();
  const Gazetteer loaded(geocode_table());
  REQUIRE(built_in.size() == loaded.size());
  auto same = [&](const std::vector<const Place*>& a, const std::vector<const Place*>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (built_in.name(*a[i]) != loaded.name(*b[i]) || built_in.cc(*a[i]) != loaded.cc(*b[i]) ||
          built_in.admin1(*a[i]) != loaded.admin1(*b[i]) || a[i]->kind != b[i]->kind ||
          a[i]->population != b[i]->population || built_in.langs(*a[i]) != loaded.langs(*b[i]) ||
          a[i]->lat != b[i]->lat || a[i]->lon != b[i]->lon ||
          a[i]->has_offset != b[i]->has_offset || a[i]->located != b[i]->located ||
          a[i]->utc_offset_min[0] != b[i]->utc_offset_min[0] ||
          a[i]->utc_offset_min[1] != b[i]->utc_offset_min[1])
        return false;
    }
    return true;
  };
  // Every key of every line, in the order of the table: the same places in the same order.
  size_t keys = 0, different = 0;
  std::string_view tsv = geocode_table();
  while (!tsv.empty()) {
    auto nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv = nl == std::string_view::npos ? std::string_view{} : tsv.substr(nl + 1);
    if (line.empty() || line[0] == '#') continue;
    std::string_view field = line.substr(line.rfind('\t') + 1);
    while (!field.empty()) {
      auto bar = field.find('|');
      std::string_view key = field.substr(0, bar);
      field = bar == std::string_view::npos ? std::string_view{} : field.substr(bar + 1);
      if (key.empty()) continue;
      ++keys;
      auto a = built_in.lookup(key);
      if (a.empty() || !same(a, loaded.lookup(key))) ++different;
    }
  }
  CHECK(keys > 100000);
  CHECK(different == 0);
}

TEST_CASE("gazetteer: places of the same name and population are listed in table order") {
  const char* tsv =
      "c\tHong Kong\tHK\t\t22.28\t114.17\t7000000\t480,480\thong kong\n"
      "k\tHK\tHong Kong\t22.3\t114.2\t7000000\tzh,en\thong kong|hk\n";
  Gazetteer g(tsv);
  auto hk = g.lookup("hong kong");
  REQUIRE(hk.size() == 2);
  CHECK(hk[0]->kind == PlaceKind::kCity);
  CHECK(hk[1]->kind == PlaceKind::kCountry);
  CHECK(g.lookup("hong").empty());  // a prefix of a key is not a key
  CHECK(g.lookup("hong kong|hk").empty());
}

TEST_CASE("gazetteer: the place indexes built with the table agree with those built at load") {
  const Gazetteer& built_in = Gazetteer::instance();
  const Gazetteer loaded(geocode_table());
  auto same = [&](const Place* a, const Place* b) {
    if (!a || !b) return a == b;
    return a->kind == b->kind && built_in.name(*a) == loaded.name(*b) &&
           built_in.cc(*a) == loaded.cc(*b) && built_in.admin1(*a) == loaded.admin1(*b) &&
           a->lat == b->lat && a->lon == b->lon && a->population == b->population;
  };
  // Every two-letter code, and every (code, admin-1) pair a line of the table names.
  size_t countries = 0, regions = 0, different = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      const std::string cc{a, b};
      if (built_in.country(cc)) ++countries;
      if (!same(built_in.country(cc), loaded.country(cc))) ++different;
    }
  }
  built_in.for_each_key([&](std::string_view, const Place& p) {
    if (p.kind != PlaceKind::kRegion && p.kind != PlaceKind::kCity) return;
    const Place* r = built_in.region(built_in.cc(p), built_in.admin1(p));
    if (r && p.kind == PlaceKind::kRegion) ++regions;
    if (!same(r, loaded.region(built_in.cc(p), built_in.admin1(p)))) ++different;
  });
  CHECK(built_in.country("ZZ") == nullptr);
  CHECK(built_in.region("US", "ZZZ") == nullptr);
  // The nearest city on a grid of points over the whole globe, and on each city itself (ties of
  // one latitude are where the order of the latitude index shows).
  size_t near = 0;
  for (double lat = -89.5; lat < 90; lat += 1.5) {
    for (double lon = -179.5; lon < 180; lon += 1.5) {
      const Place* c = built_in.city_near(lat, lon, 150);
      if (c) ++near;
      if (!same(c, loaded.city_near(lat, lon, 150))) ++different;
    }
  }
  built_in.for_each_key([&](std::string_view, const Place& p) {
    if (p.kind == PlaceKind::kCity &&
        !same(built_in.city_near(p.lat, p.lon, 5), loaded.city_near(p.lat, p.lon, 5)))
      ++different;
  });
  CHECK(countries > 200);
  CHECK(regions > 50);
  CHECK(near > 1000);
  CHECK(different == 0);
}
