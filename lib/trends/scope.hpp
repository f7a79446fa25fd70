// The scopes trends are computed in: the whole stream, a country, a grid cell.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/record.hpp"

namespace tweetmap {

/// Where a trend is counted: everywhere, in one country, or in one geohash cell.
enum class Scope : uint8_t { kGlobal, kCountry, kCell };
/// Every scope, in the order snapshots list them.
inline constexpr std::array<Scope, 3> kScopes = {Scope::kGlobal, Scope::kCountry, Scope::kCell};

/// The value of a snapshot scope's "scope" field: "global", "cc", "cell".
std::string_view scope_name(Scope s);

/// One value per scope, indexed by Scope. Plain aggregate: PerScope<bool> on{{a, b, c}}.
template <typename T>
struct PerScope {
  std::array<T, kScopes.size()> values{};

  T& operator[](Scope s) { return values[static_cast<size_t>(s)]; }
  const T& operator[](Scope s) const { return values[static_cast<size_t>(s)]; }
  auto begin() { return values.begin(); }
  auto end() { return values.end(); }
  auto begin() const { return values.begin(); }
  auto end() const { return values.end(); }
};

/// Whether a post with a position counts in a grid cell: exact points and source places do, and
/// geocoded posts (`profile`, `text`) only when they stand for a point or a city; a region- or
/// country-level hit sits at the region's or country's centre, where it would make a hot cell
/// of nothing. Every post with a country code counts in its country scope, whatever its kind.
bool counts_in_cells(GeoKind geo, GeoPrecision prec);

/// The region code of a country scope: non-zero for a two-letter code, 0 otherwise (no country).
uint64_t country_scope_code(std::string_view cc);
/// The two letters of a country scope's code.
std::string country_scope_name(uint64_t code);

}  // namespace tweetmap
