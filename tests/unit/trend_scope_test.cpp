// trends/scope: the scope kinds, their names and the codes of country scopes.
#include "trends/scope.hpp"

#include <doctest/doctest.h>

using namespace tweetmap;

TEST_CASE("trend scope: names and the country codes of regional keys") {
  CHECK(scope_name(Scope::kGlobal) == "global");
  CHECK(scope_name(Scope::kCountry) == "cc");
  CHECK(scope_name(Scope::kCell) == "cell");
  CHECK(country_scope_code("") == 0);
  CHECK(country_scope_code("USA") == 0);
  const uint64_t jp = country_scope_code("JP");
  CHECK(jp != 0);
  CHECK(jp != country_scope_code("PJ"));
  CHECK(country_scope_name(jp) == "JP");
  PerScope<int> n{{1, 2, 3}};
  n[Scope::kCell] += 10;
  CHECK(n[Scope::kGlobal] == 1);
  CHECK(n[Scope::kCountry] == 2);
  CHECK(n[Scope::kCell] == 13);
}

TEST_CASE("trend scope: grid cells take points, places and city-level geocoded posts") {
  CHECK(counts_in_cells(GeoKind::kPoint, GeoPrecision::kNone));
  CHECK(counts_in_cells(GeoKind::kPlace, GeoPrecision::kNone));
  for (GeoKind g : {GeoKind::kProfile, GeoKind::kText}) {
    CAPTURE(geo_kind_name(g));
    CHECK(counts_in_cells(g, GeoPrecision::kPoint));
    CHECK(counts_in_cells(g, GeoPrecision::kCity));
    CHECK_FALSE(counts_in_cells(g, GeoPrecision::kRegion));
    CHECK_FALSE(counts_in_cells(g, GeoPrecision::kCountry));
    CHECK_FALSE(counts_in_cells(g, GeoPrecision::kNone));  // a record from an older writer
  }
  CHECK_FALSE(counts_in_cells(GeoKind::kNone, GeoPrecision::kNone));
}
