// What a resolver returns: a place with coordinates and how precise it is.
#pragma once

#include <string>

#include "core/record.hpp"

namespace tweetmap::geocode {

/// The record's precision (core/record.hpp): kPoint, kCity, kRegion or kCountry here.
using Precision = GeoPrecision;

struct Resolution {
  double lat = 0, lon = 0;
  std::string place;  ///< "Porto Alegre, BR", "Texas, US", "Brazil"
  std::string cc;     ///< ISO 3166-1 alpha-2, empty when unknown (a point far from any city)
  Precision precision = Precision::kCity;
};

}  // namespace tweetmap::geocode
