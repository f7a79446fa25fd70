// Finding a place by what a person types: the gazetteer's names in every script it holds
// ("São Paulo", "東京", "Москва", "NYC"), whole names first, then names that begin with it.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "geocode/gazetteer.hpp"

namespace tweetmap::geocode {

struct PlaceHit {
  const Place* place = nullptr;
  bool exact = false;  ///< the whole name matched, not only its beginning
};

/// A prefix index over a gazetteer's lookup keys. Immutable after construction (thread-safe).
class PlaceSearch {
 public:
  /// The index of Gazetteer::instance(), built on first use (thread-safe; later calls are free).
  static const PlaceSearch& instance();
  /// `g` must outlive the object.
  explicit PlaceSearch(const Gazetteer& g);

  /// Up to `limit` places for `query` (folded with fold_key): every place one of whose names is
  /// the whole query, most populous first, then places with a name that begins with the query,
  /// most populous first (queries of two bytes or more); each place once. Regions known by name
  /// only are left out. Empty when the query folds to nothing. The prefix scan looks at most
  /// kMaxScan keys.
  std::vector<PlaceHit> find(std::string_view query, size_t limit) const;

  const Gazetteer& gazetteer() const { return gazetteer_; }

  static constexpr size_t kMaxScan = 20000;

 private:
  const Gazetteer& gazetteer_;
  std::vector<std::pair<std::string_view, const Place*>> keys_;  // sorted by key
};

}  // namespace tweetmap::geocode
