// A bounded heavy-hitter table of (scope, term) counters over a sliding window of time buckets,
// with Space-Saving eviction (Metwally, Agrawal, El Abbadi 2005).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tweetmap {

/// 64-bit hash of a term (stable across runs and platforms; not cryptographic).
uint64_t hash_term(std::string_view s);

/// Space-Saving over keys (scope, term) with per-key counts kept in a ring of time buckets.
///
/// At most `capacity` keys are tracked. A new key arriving when the table is full replaces the
/// key of least weight (window count plus error) and inherits that weight as its error `err`:
/// the classic Space-Saving guarantee then holds over the counts added since the last expiry:
/// with N additions and capacity k, every tracked key's weight overestimates its true count by at
/// most its err <= N/k, and every key with a true count above N/k is tracked. Counts in the ring
/// themselves are exact from the moment a key was (re)admitted; the inherited error is kept
/// apart and dropped when the bucket the key was admitted in expires.
///
/// Memory is fixed at construction: capacity * (ring_buckets * 4 + ~90) bytes plus the terms.
/// Not thread-safe. Iteration order and eviction choices depend only on the input sequence.
class SpaceSaving {
 public:
  /// `ring_buckets` is the number of live buckets (a bucket index maps to slot index mod it).
  SpaceSaving(uint32_t capacity, uint32_t ring_buckets);

  /// What add() did.
  struct Hit {
    uint32_t index;      ///< the key's slot in [0, capacity)
    bool admitted;       ///< true when the key was not tracked before this call (slot reset)
    uint32_t inherited;  ///< the error it inherited when it replaced another key (0 otherwise)
  };

  /// Counts one occurrence of (scope, term) in `bucket`. `term_hash` must be hash_term(term).
  Hit add(uint64_t scope, std::string_view term, uint64_t term_hash, int64_t bucket);

  /// Expires `bucket`: calls on_expire(index, count_in_bucket) for every tracked key with a
  /// non-zero count in it, then zeroes the bucket, drops errors inherited in it, and restores
  /// the heap. Cost: one pass over a contiguous row of `capacity` counts, plus O(log k) per key
  /// that had a count.
  template <typename F>
  void expire(int64_t bucket, F&& on_expire) {
    uint32_t* row = counts_.data() + static_cast<size_t>(slot_of(bucket)) * capacity_;
    for (uint32_t i = 0; i < size_; ++i) {
      const uint32_t c = row[i];
      if (c == 0) continue;
      on_expire(i, c);
      totals_[i] -= c;
      row[i] = 0;
      marks_[static_cast<size_t>(slot_of(bucket)) * capacity_ + i] = 0;
      if (errs_[i] != 0 && entries_[i].err_bucket <= bucket) errs_[i] = 0;
      sift_up(entries_[i].heap_pos);
    }
  }

  /// Number of tracked keys and the fixed capacity.
  uint32_t size() const { return size_; }
  uint32_t capacity() const { return capacity_; }
  uint32_t ring_buckets() const { return ring_; }

  uint64_t scope(uint32_t i) const { return entries_[i].scope; }
  const std::string& term(uint32_t i) const { return entries_[i].term; }
  uint64_t term_hash(uint32_t i) const { return hashes_[i]; }
  /// Sum of the key's counts over all live buckets (exact since admission).
  uint32_t total(uint32_t i) const { return totals_[i]; }
  /// The key's count in one live bucket.
  uint32_t count(uint32_t i, int64_t bucket) const {
    return counts_[static_cast<size_t>(slot_of(bucket)) * capacity_ + i];
  }
  /// Marks one of the key's occurrences in `bucket` (a secondary count, e.g. "explained by
  /// another term"); saturates at 65535 per bucket. Cleared with the bucket and on eviction.
  void mark(uint32_t i, int64_t bucket) {
    uint16_t& m = marks_[static_cast<size_t>(slot_of(bucket)) * capacity_ + i];
    if (m != UINT16_MAX) ++m;
  }
  uint32_t marked(uint32_t i, int64_t bucket) const {
    return marks_[static_cast<size_t>(slot_of(bucket)) * capacity_ + i];
  }
  /// The inherited error still attached to the key.
  uint32_t error(uint32_t i) const { return errs_[i]; }
  /// The least weight in the table (0 when not full): an upper bound on the live count of any
  /// key that is not tracked.
  uint32_t min_weight() const;
  /// Finds a tracked key; returns capacity() when absent.
  uint32_t find(uint64_t scope, std::string_view term, uint64_t term_hash) const;

 private:
  // Hot per-key fields live in parallel arrays (totals_, errs_, hashes_) so that scans read
  // contiguous memory; the rest is here.
  struct Entry {
    uint64_t scope = 0;
    std::string term;
    int64_t err_bucket = 0;
    uint32_t heap_pos = 0;
  };
  uint32_t slot_of(int64_t bucket) const {
    int64_t m = bucket % static_cast<int64_t>(ring_);
    return static_cast<uint32_t>(m < 0 ? m + ring_ : m);
  }
  uint64_t weight(uint32_t i) const { return static_cast<uint64_t>(totals_[i]) + errs_[i]; }
  static uint64_t mix(uint64_t scope, uint64_t term_hash);
  uint32_t probe_find(uint64_t h, uint64_t scope, std::string_view term) const;
  void index_insert(uint64_t h, uint32_t entry);
  void index_erase(uint64_t h, uint32_t entry);
  void sift_down(uint32_t pos);
  void sift_up(uint32_t pos);
  void heap_swap(uint32_t a, uint32_t b);

  uint32_t capacity_, ring_;
  uint32_t size_ = 0;
  std::vector<Entry> entries_;
  std::vector<uint32_t> totals_, errs_;
  std::vector<uint64_t> hashes_;  // term hashes
  std::vector<uint32_t> counts_;  // ring_buckets rows of capacity counts
  std::vector<uint16_t> marks_;   // the same layout: marked occurrences
  std::vector<uint32_t> heap_;    // entry indices, min-heap by weight
  std::vector<uint64_t> index_;  // open addressing: hash tag << 32 | entry + 1; 0 = empty
  uint64_t index_mask_ = 0;
};

}  // namespace tweetmap
