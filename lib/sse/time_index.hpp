// The time index of the SSE history: the history in blocks of consecutive events, each with the
// earliest and latest event time it holds, so a time range is found by skipping whole blocks
// instead of looking at every kept event. Event times need not be in order (a late post, a
// replay): a block is a candidate whenever its [earliest, latest] meets the range.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

namespace tweetmap {

class TimeIndex {
 public:
  /// Events per block: the index costs 32 bytes per block, a range costs at most one partly
  /// matching block at each end plus the blocks inside it.
  static constexpr uint64_t kBlockEvents = 1024;

  /// Adds the event `seq` (each one greater than the last) of time `t_ms`.
  void add(uint64_t seq, int64_t t_ms);
  /// Forgets the events before `first_kept` (the history's oldest sequence after pruning).
  void drop_before(uint64_t first_kept);
  void clear() { blocks_.clear(); }

  /// Sequence spans [first, last] of the blocks that may hold an event with a time in
  /// [from_ms, until_ms], oldest first.
  std::vector<std::pair<uint64_t, uint64_t>> candidates(int64_t from_ms, int64_t until_ms) const;
  /// The earliest and latest event time indexed (nullopt when empty).
  std::optional<std::pair<int64_t, int64_t>> extent() const;
  size_t blocks() const { return blocks_.size(); }

 private:
  struct Block {
    uint64_t first = 0, last = 0;
    int64_t min_t = 0, max_t = 0;
  };
  std::deque<Block> blocks_;
};

}  // namespace tweetmap
