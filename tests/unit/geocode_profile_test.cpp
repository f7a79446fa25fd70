#include "geocode/profile_resolver.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace tweetmap::geocode;

namespace {
std::optional<Resolution> at(std::string_view s, ProfileHints h = {}) {
  return resolve_profile(Gazetteer::instance(), s, h);
}
std::string cc_of(std::string_view s, ProfileHints h = {}) {
  auto r = at(s, h);
  return r ? r->cc : std::string("-");
}
}  // namespace

TEST_CASE("profile: cities, with and without qualifiers") {
  auto r = at("Porto Alegre, RS");
  REQUIRE(r);
  CHECK(r->cc == "BR");
  CHECK(r->precision == Precision::kCity);
  CHECK(r->lat == doctest::Approx(-30.03).epsilon(0.01));
  CHECK(cc_of("paris") == "FR");
  CHECK(cc_of("Paris, TX") == "US");        // the qualifier picks the Texan Paris
  CHECK(cc_of("London, Ontario") == "CA");  // a province name
  CHECK(cc_of("London, ON") == "CA");       // a province abbreviation
  CHECK(cc_of("London") == "GB");
  CHECK(cc_of("Córdoba, Argentina") == "AR");
  CHECK(cc_of("Cordoba, España") == "ES");
  CHECK(cc_of("Austin | Texas") == "US");
}

TEST_CASE("profile: countries and regions in several languages") {
  auto r = at("Deutschland");
  REQUIRE(r);
  CHECK(r->cc == "DE");
  CHECK(r->precision == Precision::kCountry);
  CHECK(r->place == "Germany");
  CHECK(cc_of("Brasil") == "BR");
  CHECK(cc_of("日本") == "JP");
  CHECK(cc_of("Россия") == "RU");
  CHECK(cc_of("UK") == "GB");
  CHECK(cc_of("USA") == "US");
  auto tx = at("Texas");
  REQUIRE(tx);
  CHECK(tx->precision == Precision::kRegion);
  CHECK(tx->place == "Texas, US");
  CHECK(cc_of("Москва") == "RU");
  CHECK(cc_of("القاهرة") == "EG");
  CHECK(cc_of("東京") == "JP");
}

TEST_CASE("profile: flags and written coordinates") {
  CHECK(flag_countries("I \xF0\x9F\x87\xAF\xF0\x9F\x87\xB5 sushi") == "JP");
  auto f = at("\xF0\x9F\x87\xA7\xF0\x9F\x87\xB7");  // 🇧🇷 alone
  REQUIRE(f);
  CHECK(f->cc == "BR");
  CHECK(f->precision == Precision::kCountry);
  CHECK(cc_of("Springfield \xF0\x9F\x87\xBA\xF0\x9F\x87\xB8") == "US");
  auto c = at("\xC3\x9CT: 40.712776,-74.005974");
  REQUIRE(c);
  CHECK(c->precision == Precision::kPoint);
  CHECK(c->lat == doctest::Approx(40.712776));
  CHECK(c->lon == doctest::Approx(-74.005974));
  CHECK(c->cc == "US");
  CHECK(find_coordinates("40.7 -74.0"));
  CHECK_FALSE(find_coordinates("1234.5, 6"));
  CHECK_FALSE(find_coordinates("95.0, 10.0"));  // latitude out of range
  CHECK_FALSE(find_coordinates("0.0, 0.0"));
  CHECK_FALSE(find_coordinates("v2.1 release"));
}

TEST_CASE("profile: hints settle a tie between same-named places") {
  // Two cities named Valencia: Venezuela (more populous in GeoNames) and Spain.
  CHECK(cc_of("Valencia") == "VE");
  CHECK(cc_of("Valencia", {"es", 3600}) == "ES");                  // the author's clock is on CET
  CHECK(cc_of("Valencia", {"es", 7200}) == "ES");                  // CEST
  CHECK(cc_of("Valencia", {"", std::nullopt, "Madrid"}) == "ES");  // the v1.1 time zone's name
}

TEST_CASE("profile: the countries a v1.1 time zone names") {
  const Gazetteer& g = Gazetteer::instance();
  CHECK(zone_countries(g, "Eastern Time (US & Canada)") == "USCA");
  CHECK(zone_countries(g, "Atlantic Time (Canada)") == "CA");
  CHECK(zone_countries(g, "Hawaii") == "US");
  CHECK(zone_countries(g, "Brasilia") == "BR");
  CHECK(zone_countries(g, "Tokyo") == "JP");
  CHECK(zone_countries(g, "International Date Line West").empty());
  CHECK(zone_countries(g, "").empty());
  CHECK(zone_countries(g, std::string(1000, 'x')).empty());
}

TEST_CASE("profile: joke places, non-places and bad input resolve to nothing") {
  for (std::string_view s :
       {"Earth", "Worldwide", "everywhere", "Hogwarts", "In your heart", "192.168.0.1",
        "somewhere over the rainbow", "\xF0\x9F\x98\x80\xF0\x9F\x98\x80", "12345678", "",
        "bad \xC3\x28 utf8 Paris", "\x01\x02\x03", "Paris\x07", "Narnia"}) {
    CAPTURE(s);
    CHECK_FALSE(at(s));
  }
  std::string huge(10000, 'x');
  huge += " Paris";
  CHECK_FALSE(at(huge));
  std::string commas(5000, ',');
  CHECK_FALSE(at(commas));
}

TEST_CASE("profile: the time zone's countries count for a city only on the author's clock") {
  // Pacific Time at UTC-7 names the US and Canada, but London, Ontario is on UTC-5.
  CHECK(cc_of("London", {"en", -25200, "Pacific Time (US & Canada)"}) == "GB");
  CHECK(cc_of("London", {"en", -18000, "Eastern Time (US & Canada)"}) == "CA");
  // A region or country has no clock of its own: the zone still counts for it.
  CHECK(cc_of("Georgia", {"en", -18000, "Eastern Time (US & Canada)"}) == "US");
}

TEST_CASE("profile: a part the author's clock contradicts gives way to a later city on it") {
  // "Downtown" is also a name of Warsaw's Śródmieście; the author is on US Central time.
  auto r = at("Downtown, San Antonio", {"en", -21600, "Central Time (US & Canada)"});
  REQUIRE(r);
  CHECK(r->cc == "US");
  CHECK(r->place.find("San Antonio") == 0);
  // Without the clock the first part that names a place stands.
  CHECK(cc_of("Downtown, San Antonio") == "PL");
  // With nothing later on the clock, the contradicted part stands too (the clock is often wrong).
  CHECK(cc_of("Milano", {"it", -7200, "Greenland"}) == "IT");
}

TEST_CASE("profile: English is written everywhere, so it says nothing of the country") {
  CHECK(cc_of("Heidelberg", {"en"}) == "DE");  // the larger Heidelberg
  CHECK(cc_of("Heidelberg", {"af"}) == "ZA");  // Afrikaans does point at South Africa
}

TEST_CASE("profile: a region known by name only wins over a far city when the hints say so") {
  // Santa Catarina: a Brazilian state (no position in the gazetteer) and a Mexican city.
  auto pt = at("Ascurra, Santa Catarina", {"pt"});
  REQUIRE(pt);
  CHECK(pt->cc == "BR");
  CHECK(pt->precision == Precision::kCountry);
  CHECK(cc_of("Santa Catarina", {"es"}) == "MX");
  CHECK(cc_of("Santa Catarina") == "MX");
}
