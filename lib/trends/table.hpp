// The engine's tables of tracked keys (one per scope, plus posts per region). Internal to the
// trends engine (lib/trends/engine.cpp, lib/trends/where.cpp); not part of the public interface.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trends/space_saving.hpp"

namespace tweetmap::trends_detail {

/// Set in a key's scope when the term is a word (not a hashtag).
constexpr uint64_t kWordBit = uint64_t{1} << 62;

// What each tracked key carries besides its counts.
struct Payload {
  double lat = 0, lon = 0;   // running mean position (cell scope)
  uint32_t positions = 0;    // positions in the mean (capped)
  uint32_t place_votes = 0;  // Boyer-Moore majority vote over place names
  uint64_t place_hash = 0;
  uint64_t cc = 0;  // country of the cell's posts (cell scope)
  int64_t since = 0;
  int64_t last_trend = INT64_MIN;  // end bucket of the last snapshot it trended in
  double last_score = 0;           // its score then
};

struct Table {
  Table(uint32_t capacity, uint32_t ring)
      : keys(capacity, ring), decayed(capacity), pay(capacity), place(capacity) {}
  SpaceSaving keys;
  // S / scale: decayed count of the buckets that left the window (apart: snapshots scan it).
  std::vector<double> decayed;
  std::vector<Payload> pay;
  std::vector<std::string> place;  // the leading place name of the key's vote (cold)
};

struct Candidate {
  uint32_t index;
  uint32_t count;
  double expected, score;
};

// A cell where a term was seen in the window (for "where" of a trend).
struct CellHit {
  uint32_t index;
  uint32_t count;
};

// The memory estimate of a table (TrendsEngine::table_bytes), per key: bits per ring bucket (a
// 32-bit count, a 16-bit mark and a bit of the bucket's touched map) and the fixed bytes besides
// the Payload (the key's entry, its term and place strings, heap and index slots, decayed count).
constexpr uint64_t kBucketBitsPerKey = 32 + 16 + 1;
constexpr uint64_t kFixedBytesPerKey = 136;

// Window count of key i for the window ending at bucket e (live buckets past e excluded).
inline uint32_t window_count(const Table& t, uint32_t i, int64_t e, int64_t lateness_buckets) {
  uint32_t x = t.keys.total(i);
  for (int64_t b = e; b <= e + lateness_buckets; ++b) x -= t.keys.count(i, b);
  return x;
}

}  // namespace tweetmap::trends_detail
