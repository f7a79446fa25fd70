#include "kafka/catch_up_merge.hpp"

#include <algorithm>

namespace tweetmap {

CatchUpMerge::CatchUpMerge(size_t sources, int64_t stall_ms)
    : sources_(sources), stall_ms_(stall_ms), last_(sources > 0 ? sources - 1 : 0) {}

void CatchUpMerge::offer(size_t i, int64_t ts_ms) {
  Source& s = sources_[i];
  s.held = true;
  s.ts = ts_ms;
  s.empty_since.reset();
  s.idle = false;
}

void CatchUpMerge::taken(size_t i) { sources_[i].held = false; }

void CatchUpMerge::caught_up(size_t i) {
  sources_[i].caught_up = true;
  sources_[i].idle = false;
  sources_[i].empty_since.reset();
}

void CatchUpMerge::ended(size_t i, int64_t now_ms, int64_t grace_ms) {
  Source& s = sources_[i];
  if (s.caught_up || s.held || s.idle) return;
  const int64_t since = now_ms - std::max<int64_t>(0, stall_ms_ - grace_ms);
  if (!s.empty_since || since < *s.empty_since) s.empty_since = since;
}

void CatchUpMerge::empty(size_t i, int64_t now_ms) {
  Source& s = sources_[i];
  if (s.caught_up || s.held || s.idle) return;
  if (!s.empty_since) {
    s.empty_since = now_ms;
  } else if (now_ms - *s.empty_since >= stall_ms_) {
    s.idle = true;
    s.empty_since.reset();
    ++stalled_;
  }
}

CatchUpMerge::Step CatchUpMerge::next(int64_t now_ms) {
  if (done_) return {};
  // A source still catching up with nothing held blocks the merge: its next message may be older
  // than every head. The first such source is waited for.
  for (size_t i = 0; i < sources_.size(); ++i) {
    const Source& s = sources_[i];
    if (s.held || s.caught_up || s.idle) continue;
    int64_t left = s.empty_since ? stall_ms_ - (now_ms - *s.empty_since) : stall_ms_;
    return {Step::Kind::kWait, i, std::max<int64_t>(0, left)};
  }
  // Scanning from the source after the last one taken, a strictly older head wins: equal times
  // (history produced at once shares timestamps) are taken from the sources in turn.
  const size_t k = sources_.size();
  size_t best = k;
  for (size_t j = 1; j <= k; ++j) {
    const size_t i = (last_ + j) % k;
    const Source& s = sources_[i];
    if (s.held && (best == k || s.ts < sources_[best].ts)) best = i;
  }
  if (best < k) {
    last_ = best;
    return {Step::Kind::kTake, best, 0};
  }
  // Nothing held, nothing waited for: over once every source is caught up; while one is idle,
  // wait for it without a deadline (the caller reads idle sources without blocking for long).
  for (size_t i = 0; i < k; ++i)
    if (sources_[i].idle) return {Step::Kind::kWait, i, stall_ms_};
  done_ = true;
  return {};
}

}  // namespace tweetmap
