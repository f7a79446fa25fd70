// The order in which kafka-sub --merge writes partitions that it catches up on: a k-way merge by
// message timestamp, deciding from the head (the next message) of each partition.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace tweetmap {

/// Decides, one message at a time, which of `k` sources (partitions) to write next so that their
/// history comes out in timestamp order. Pure bookkeeping, no client: the caller holds each
/// source's next message and reports what it sees. A source is *catching up* (its history is
/// still being read: the merge waits for its next message before writing anything newer), *idle*
/// (it stayed empty for `stall_ms` while waited for: no longer waited for, but it rejoins as
/// catching up with its next message) or *caught up* (it reached its end at the present: not
/// read again while merging; a message it still holds is written in its turn). When every source
/// is caught up and nothing is held, the merge is over and the caller passes messages through as
/// they come. Holds one timestamp per source; not thread-safe.
class CatchUpMerge {
 public:
  /// What to do next.
  struct Step {
    enum class Kind {
      kTake,  ///< write the held message of `source` (the oldest head), then report its next
      kWait,  ///< `source` holds nothing and is catching up (or, when nothing else is left, idle):
              ///< read it, blocking up to `wait_ms`
      kDone,  ///< every source is caught up and nothing is held: pass through from now on
    };
    Kind kind = Kind::kDone;
    size_t source = 0;
    int64_t wait_ms = 0;  ///< kWait: time left before the source counts as stalled
  };

  /// `sources` sources, all catching up and holding nothing; a source waited for longer than
  /// `stall_ms` without a message counts as caught up.
  CatchUpMerge(size_t sources, int64_t stall_ms);

  /// Source `i` holds a next message with timestamp `ts_ms` (-1 or any value: an unknown time
  /// sorts first). Replaces what it held; an idle source is catching up again.
  void offer(size_t i, int64_t ts_ms);
  /// Source `i`'s held message was written: it holds nothing now.
  void taken(size_t i);
  /// Source `i` reached its end at the present: for good no longer read or waited for (what it
  /// still holds is written in turn).
  void caught_up(size_t i);
  /// Source `i` reached its end at `now_ms`, but not the present (its messages are old): if it
  /// is still empty on a read `grace_ms` later it is idle. A producer still writing history
  /// fills it again within a fetch; a partition that is simply quiet does not hold the merge up
  /// for the whole `stall_ms`.
  void ended(size_t i, int64_t now_ms, int64_t grace_ms);
  /// Source `i` was read at `now_ms` and had nothing ready. The first such miss starts its stall
  /// clock; a miss `stall_ms` or more after it makes the source idle (counted in stalled()). Only
  /// a miss seen by a read counts, so time spent elsewhere (a slow output) never stalls one.
  void empty(size_t i, int64_t now_ms);

  /// The next step at `now_ms`. Equal heads are taken from the sources in turn (round robin
  /// from the source after the last one taken; the first time from source 0).
  Step next(int64_t now_ms);

  size_t size() const { return sources_.size(); }
  /// True once source `i` reached its end at the present: it is not read again while merging.
  bool is_caught_up(size_t i) const { return sources_[i].caught_up; }
  /// True while source `i` is idle: read without waiting, now and then, until it has a message.
  bool is_idle(size_t i) const { return sources_[i].idle; }
  bool done() const { return done_; }
  /// Times a source became idle after `stall_ms` without a message.
  size_t stalled() const { return stalled_; }

 private:
  struct Source {
    bool held = false;
    bool caught_up = false;
    bool idle = false;
    int64_t ts = 0;
    std::optional<int64_t> empty_since;  // when a read first found it empty; none: not waiting
  };
  std::vector<Source> sources_;
  int64_t stall_ms_;
  size_t last_;  // the source taken last
  size_t stalled_ = 0;
  bool done_ = false;
};

}  // namespace tweetmap
