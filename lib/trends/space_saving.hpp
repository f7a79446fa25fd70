// A bounded heavy-hitter table of (scope, term) counters over a sliding window of time buckets,
// with Space-Saving eviction (Metwally, Agrawal, El Abbadi 2005).
#pragma once

#include <algorithm>
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
/// A key is identified by its scope and its 64-bit term hash (the term text is kept for output
/// only): two different terms would share a key only if their hashes collide, about one chance
/// in 10^12 per pair of terms live together in one scope.
///
/// Memory is fixed at construction: capacity * (ring_buckets * 6 + ~100) bytes plus the terms.
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
  /// Hints the memory system that key i is about to be counted in `bucket`.
  void prefetch_key(uint32_t i, int64_t bucket) const {
    __builtin_prefetch(&counts_[static_cast<size_t>(i) * ring_ + slot_of(bucket)], 1);
    __builtin_prefetch(&heap_[keys_[i].heap_pos], 1);
  }
  /// Hints the memory system that (scope, term_hash) is about to be looked up.
  void prefetch(uint64_t scope, uint64_t term_hash) const {
    __builtin_prefetch(&index_[mix(scope, term_hash) & index_mask_]);
  }

  /// Expires `bucket`: calls on_expire(index, count_in_bucket) for every tracked key with a
  /// non-zero count in it (in index order), then zeroes the bucket, drops errors inherited in it,
  /// and restores the heap. Cost: a pass over a bitmap of the keys counted in the bucket
  /// (capacity / 8 bytes), plus O(log k) per key that had a count.
  template <typename F>
  void expire(int64_t bucket, F&& on_expire) {
    const uint32_t slot = slot_of(bucket);
    uint64_t* words = touched_.data() + static_cast<size_t>(slot) * touched_words_;
    for (uint32_t w = 0; w < touched_words_; ++w) {
      for (uint64_t bits = words[w]; bits != 0; bits &= bits - 1) {
        const uint32_t i = w * 64 + static_cast<uint32_t>(__builtin_ctzll(bits));
        uint32_t& c = counts_[static_cast<size_t>(i) * ring_ + slot];
        if (c == 0) continue;  // evicted since
        on_expire(i, c);
        Key& k = keys_[i];
        k.total -= c;
        c = 0;
        marks_[static_cast<size_t>(i) * ring_ + slot] = 0;
        if (k.err != 0 && k.err_bucket <= bucket) k.err = 0;
        set_weight(i);
        sift_up(k.heap_pos);
      }
      words[w] = 0;
    }
  }

  /// Number of tracked keys and the fixed capacity.
  uint32_t size() const { return size_; }
  uint32_t capacity() const { return capacity_; }
  uint32_t ring_buckets() const { return ring_; }

  uint64_t scope(uint32_t i) const { return keys_[i].scope; }
  const std::string& term(uint32_t i) const { return terms_[i]; }
  uint64_t term_hash(uint32_t i) const { return keys_[i].hash; }
  /// Sum of the key's counts over all live buckets (exact since admission).
  uint32_t total(uint32_t i) const { return keys_[i].total; }
  /// The key's count in one live bucket.
  uint32_t count(uint32_t i, int64_t bucket) const {
    return counts_[static_cast<size_t>(i) * ring_ + slot_of(bucket)];
  }
  /// Marks one of the key's occurrences in `bucket` (a secondary count, e.g. "explained by
  /// another term"); saturates at 65535 per bucket. Cleared with the bucket and on eviction.
  void mark(uint32_t i, int64_t bucket) {
    uint16_t& m = marks_[static_cast<size_t>(i) * ring_ + slot_of(bucket)];
    if (m != UINT16_MAX) ++m;
  }
  uint32_t marked(uint32_t i, int64_t bucket) const {
    return marks_[static_cast<size_t>(i) * ring_ + slot_of(bucket)];
  }
  /// The inherited error still attached to the key.
  uint32_t error(uint32_t i) const { return keys_[i].err; }
  /// The least weight in the table (0 when not full): an upper bound on the live count of any
  /// key that is not tracked.
  uint32_t min_weight() const;
  /// Finds a tracked key; returns capacity() when absent.
  uint32_t find(uint64_t scope, std::string_view term, uint64_t term_hash) const;
  /// The same by scope and term hash alone (a key's identity).
  uint32_t find(uint64_t scope, uint64_t term_hash) const;

 private:
  // The fields add() touches, together; the term text lives apart (output only).
  struct Key {
    uint64_t scope = 0;
    uint64_t hash = 0;  // term hash
    uint32_t total = 0, err = 0;
    uint32_t heap_pos = 0;
    int64_t err_bucket = 0;
  };
  static constexpr int kIndexBits = 24;  // heap entries: weight << 24 | key index
  uint32_t slot_of(int64_t bucket) const {
    int64_t m = bucket % static_cast<int64_t>(ring_);
    return static_cast<uint32_t>(m < 0 ? m + ring_ : m);
  }
  void set_weight(uint32_t i) {
    const Key& k = keys_[i];
    heap_[k.heap_pos] =
        ((static_cast<uint64_t>(k.total) + k.err) << kIndexBits) | static_cast<uint64_t>(i);
  }
  static uint64_t heap_weight(uint64_t e) { return e >> kIndexBits; }
  static uint32_t heap_key(uint64_t e) {
    return static_cast<uint32_t>(e & ((uint64_t{1} << kIndexBits) - 1));
  }
  static uint64_t mix(uint64_t scope, uint64_t term_hash);
  uint32_t probe_find(uint64_t h, uint64_t scope, uint64_t term_hash) const;
  void index_insert(uint64_t h, uint32_t entry);
  void index_erase(uint64_t h, uint32_t entry);
  void sift_down(uint32_t pos);
  void sift_up(uint32_t pos);
  void touch(uint32_t i, uint32_t slot) {
    touched_[static_cast<size_t>(slot) * touched_words_ + i / 64] |= uint64_t{1} << (i % 64);
  }

  uint32_t capacity_, ring_;
  uint32_t size_ = 0;
  std::vector<Key> keys_;
  std::vector<std::string> terms_;
  std::vector<uint32_t> counts_;   // capacity rows of ring_buckets counts (one key's together)
  std::vector<uint16_t> marks_;    // the same layout: marked occurrences
  std::vector<uint64_t> touched_;  // per slot, a bitmap of the keys counted in it
  uint32_t touched_words_ = 0;     // 64-bit words per slot
  std::vector<uint64_t> heap_;     // min-heap by weight (see kIndexBits)
  std::vector<uint64_t> index_;    // open addressing: hash tag << 32 | entry + 1; 0 = empty
  uint64_t index_mask_ = 0;
};

}  // namespace tweetmap
