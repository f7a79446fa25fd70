#include "trends/scope.hpp"

#include <iterator>

namespace tweetmap {

std::string_view scope_name(Scope s) {
  constexpr std::string_view kNames[] = {"global", "cc", "cell"};  // in the order of Scope
  const auto i = static_cast<size_t>(s);
  return i < std::size(kNames) ? kNames[i] : kNames[0];
}

bool counts_in_cells(GeoKind geo, GeoPrecision prec) {
  switch (geo) {
    case GeoKind::kPoint:
    case GeoKind::kPlace:
      return true;
    case GeoKind::kProfile:
    case GeoKind::kText:
      return prec == GeoPrecision::kPoint || prec == GeoPrecision::kCity;
    default:
      return false;
  }
}

uint64_t country_scope_code(std::string_view cc) {
  if (cc.size() != 2) return 0;
  return (uint64_t{1} << 16) | (static_cast<uint64_t>(static_cast<unsigned char>(cc[0])) << 8) |
         static_cast<unsigned char>(cc[1]);
}

std::string country_scope_name(uint64_t code) {
  std::string s(2, ' ');
  s[0] = static_cast<char>((code >> 8) & 0xff);
  s[1] = static_cast<char>(code & 0xff);
  return s;
}

}  // namespace tweetmap
