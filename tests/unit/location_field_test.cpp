// Which Mastodon profile field names state a location (lib/source/location_field.cpp).
#include <doctest/doctest.h>

#include "source/location_field.hpp"

using namespace tweetmap;

TEST_CASE("location_field: the location names of many languages, any case") {
  for (const char* n :
       {"Location", "LOCATION", "location", "Ort", "Lieu", "Ubicación", "UBICACIÓN", "Localização",
        "Posizione", "Locatie", "所在地", "Wohnort", "Местоположение", "Based in"})
    CHECK_MESSAGE(is_location_field_name(n), n);
}

TEST_CASE("location_field: punctuation and emoji around the name are ignored") {
  CHECK(is_location_field_name("📍 Location:"));
  CHECK(is_location_field_name("  Ort  "));
  CHECK(is_location_field_name("📍"));  // the pushpin alone names a place
  CHECK(is_location_field_name("🌍"));
}

TEST_CASE("location_field: other fields are not locations") {
  for (const char* n : {"Homepage", "Website", "Pronouns", "Patreon", "GitHub", "", "  ", "🚲",
                        "Locations I like", "Ortho", "Home"})
    CHECK_MESSAGE(!is_location_field_name(n), n);
}
