#include "trends/space_saving.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace tweetmap {

namespace {

inline uint64_t fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

}  // namespace

uint64_t hash_term(std::string_view s) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ (s.size() * 0x100000001b3ULL);
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ fmix64(w)) * 0x100000001b3ULL;
    h = (h << 31) | (h >> 33);
  }
  uint64_t tail = 0;
  for (size_t j = 0; i < s.size(); ++i, ++j) {
    tail |= static_cast<uint64_t>(static_cast<unsigned char>(s[i])) << (8 * j);
  }
  return fmix64(h ^ fmix64(tail + 0x2545f4914f6cdd1dULL));
}

SpaceSaving::SpaceSaving(uint32_t capacity, uint32_t ring_buckets)
    : capacity_(std::clamp<uint32_t>(capacity, 1, uint32_t{1} << kIndexBits)),
      ring_(std::max<uint32_t>(ring_buckets, 1)) {
  keys_.resize(capacity_);
  terms_.resize(capacity_);
  counts_.assign(static_cast<size_t>(capacity_) * ring_, 0);
  marks_.assign(static_cast<size_t>(capacity_) * ring_, 0);
  touched_words_ = (capacity_ + 63) / 64;
  touched_.assign(static_cast<size_t>(touched_words_) * ring_, 0);
  heap_.reserve(capacity_);
  size_t slots = 16;
  while (slots < static_cast<size_t>(capacity_) * 2) slots <<= 1;
  index_.assign(slots, 0);
  index_mask_ = slots - 1;
}

uint64_t SpaceSaving::mix(uint64_t scope, uint64_t term_hash) {
  return fmix64(term_hash ^ (scope * 0x9e3779b97f4a7c15ULL));
}

// An index slot holds the entry + 1 in its low 32 bits and the top 32 bits of the key's mixed
// hash in the high ones, so most mismatches are rejected without touching the entry.
uint32_t SpaceSaving::probe_find(uint64_t h, uint64_t scope, uint64_t term_hash) const {
  const uint64_t tag = h >> 32;
  for (uint64_t p = h & index_mask_;; p = (p + 1) & index_mask_) {
    const uint64_t v = index_[p];
    if (v == 0) return capacity_;
    if ((v >> 32) != tag) continue;
    const uint32_t i = static_cast<uint32_t>(v) - 1;
    const Key& k = keys_[i];
    if (k.scope == scope && k.hash == term_hash) return i;
  }
}

uint32_t SpaceSaving::find(uint64_t scope, std::string_view /*term*/, uint64_t term_hash) const {
  return probe_find(mix(scope, term_hash), scope, term_hash);
}

uint32_t SpaceSaving::find(uint64_t scope, uint64_t term_hash) const {
  return probe_find(mix(scope, term_hash), scope, term_hash);
}

void SpaceSaving::index_insert(uint64_t h, uint32_t entry) {
  uint64_t p = h & index_mask_;
  while (index_[p] != 0) p = (p + 1) & index_mask_;
  index_[p] = ((h >> 32) << 32) | (static_cast<uint64_t>(entry) + 1);
}

void SpaceSaving::index_erase(uint64_t h, uint32_t entry) {
  uint64_t p = h & index_mask_;
  while (static_cast<uint32_t>(index_[p]) != entry + 1) p = (p + 1) & index_mask_;
  // Backward-shift deletion keeps linear probing free of tombstones.
  uint64_t hole = p;
  for (uint64_t q = (hole + 1) & index_mask_; index_[q] != 0; q = (q + 1) & index_mask_) {
    const uint32_t j = static_cast<uint32_t>(index_[q]) - 1;
    uint64_t home = mix(keys_[j].scope, keys_[j].hash) & index_mask_;
    // Move q into the hole when its home is not in (hole, q] (cyclically).
    bool between = hole <= q ? (home > hole && home <= q) : (home > hole || home <= q);
    if (!between) {
      index_[hole] = index_[q];
      hole = q;
    }
  }
  index_[hole] = 0;
}

// The heap entries carry their weights, so sifting compares without touching the keys.
void SpaceSaving::sift_down(uint32_t pos) {
  const uint32_t n = static_cast<uint32_t>(heap_.size());
  const uint64_t e = heap_[pos];
  const uint64_t w = heap_weight(e);
  for (;;) {
    uint32_t l = 2 * pos + 1, r = l + 1, m = pos;
    uint64_t mw = w;
    if (l < n && heap_weight(heap_[l]) < mw) {
      m = l;
      mw = heap_weight(heap_[l]);
    }
    if (r < n && heap_weight(heap_[r]) < mw) m = r;
    if (m == pos) break;
    heap_[pos] = heap_[m];
    keys_[heap_key(heap_[pos])].heap_pos = pos;
    pos = m;
  }
  heap_[pos] = e;
  keys_[heap_key(e)].heap_pos = pos;
}

void SpaceSaving::sift_up(uint32_t pos) {
  const uint64_t e = heap_[pos];
  const uint64_t w = heap_weight(e);
  const uint32_t start = pos;
  while (pos > 0) {
    const uint32_t parent = (pos - 1) / 2;
    if (heap_weight(heap_[parent]) <= w) break;
    heap_[pos] = heap_[parent];
    keys_[heap_key(heap_[pos])].heap_pos = pos;
    pos = parent;
  }
  if (pos != start) {
    heap_[pos] = e;
    keys_[heap_key(e)].heap_pos = pos;
  }
}

uint32_t SpaceSaving::min_weight() const {
  if (size_ < capacity_ || heap_.empty()) return 0;
  return static_cast<uint32_t>(heap_weight(heap_[0]));
}

SpaceSaving::Hit SpaceSaving::add(uint64_t scope, std::string_view term, uint64_t term_hash,
                                  int64_t bucket) {
  const uint64_t h = mix(scope, term_hash);
  const uint32_t slot = slot_of(bucket);
  uint32_t i = probe_find(h, scope, term_hash);
  if (i != capacity_) {
    uint32_t& c = counts_[static_cast<size_t>(i) * ring_ + slot];
    if (c++ == 0) touch(i, slot);
    Key& k = keys_[i];
    ++k.total;
    heap_[k.heap_pos] += uint64_t{1} << kIndexBits;
    sift_down(k.heap_pos);
    return {i, false, 0};
  }
  uint32_t inherited = 0;
  if (size_ < capacity_) {
    i = size_++;
    heap_.push_back(0);
    keys_[i].heap_pos = static_cast<uint32_t>(heap_.size() - 1);
  } else {
    // Replace the key of least weight; the newcomer inherits that weight as its error.
    i = heap_key(heap_[0]);
    inherited = static_cast<uint32_t>(heap_weight(heap_[0]));
    index_erase(mix(keys_[i].scope, keys_[i].hash), i);
    std::fill_n(counts_.begin() + static_cast<ptrdiff_t>(i) * ring_, ring_, 0);
    std::fill_n(marks_.begin() + static_cast<ptrdiff_t>(i) * ring_, ring_, 0);
  }
  Key& k = keys_[i];
  k.scope = scope;
  k.hash = term_hash;
  k.err_bucket = bucket;
  k.total = 1;
  k.err = inherited;
  terms_[i].assign(term);
  counts_[static_cast<size_t>(i) * ring_ + slot] = 1;
  touch(i, slot);
  set_weight(i);
  index_insert(h, i);
  sift_up(k.heap_pos);
  sift_down(k.heap_pos);
  return {i, true, inherited};
}

}  // namespace tweetmap
