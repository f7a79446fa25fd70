#include "sse/time_index.hpp"

#include <algorithm>

namespace tweetmap {

void TimeIndex::add(uint64_t seq, int64_t t_ms) {
  if (blocks_.empty() || blocks_.back().last - blocks_.back().first + 1 >= kBlockEvents) {
    blocks_.push_back(Block{seq, seq, t_ms, t_ms});
    return;
  }
  Block& b = blocks_.back();
  b.last = seq;
  b.min_t = std::min(b.min_t, t_ms);
  b.max_t = std::max(b.max_t, t_ms);
}

void TimeIndex::drop_before(uint64_t first_kept) {
  while (!blocks_.empty() && blocks_.front().last < first_kept) blocks_.pop_front();
  // A block partly pruned keeps its (now wider than needed) times: still a correct candidate.
  if (!blocks_.empty() && blocks_.front().first < first_kept) blocks_.front().first = first_kept;
}

std::vector<std::pair<uint64_t, uint64_t>> TimeIndex::candidates(int64_t from_ms,
                                                                 int64_t until_ms) const {
  std::vector<std::pair<uint64_t, uint64_t>> out;
  for (const Block& b : blocks_) {
    if (b.max_t < from_ms || b.min_t > until_ms) continue;
    if (!out.empty() && out.back().second + 1 == b.first)
      out.back().second = b.last;
    else
      out.emplace_back(b.first, b.last);
  }
  return out;
}

std::optional<std::pair<int64_t, int64_t>> TimeIndex::extent() const {
  if (blocks_.empty()) return std::nullopt;
  int64_t lo = blocks_.front().min_t, hi = blocks_.front().max_t;
  for (const Block& b : blocks_) {
    lo = std::min(lo, b.min_t);
    hi = std::max(hi, b.max_t);
  }
  return std::make_pair(lo, hi);
}

}  // namespace tweetmap
