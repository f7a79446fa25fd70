// kafka-sub --merge's order (kafka/catch_up_merge): a k-way merge by timestamp while catching up.
#include "kafka/catch_up_merge.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

using namespace tweetmap;
using Kind = CatchUpMerge::Step::Kind;

namespace {

// Partitions whose whole history is known: each source's timestamps in order, then its end.
// Runs the merge to its end and returns (source, timestamp) in the order written.
std::vector<std::pair<size_t, int64_t>> merge_all(std::vector<std::deque<int64_t>> parts) {
  CatchUpMerge m(parts.size(), 1000);
  std::vector<std::pair<size_t, int64_t>> out;
  int64_t now = 0;
  for (int guard = 0; guard < 10000; ++guard) {
    CatchUpMerge::Step s = m.next(now);
    if (s.kind == Kind::kDone) return out;
    auto& q = parts[s.source];
    if (s.kind == Kind::kWait) {
      if (q.empty())
        m.caught_up(s.source);
      else
        m.offer(s.source, q.front());
      continue;
    }
    out.emplace_back(s.source, q.front());
    q.pop_front();
    m.taken(s.source);
  }
  FAIL("the merge did not end");
  return out;
}

// The merge's next step at `now` must be `kind` from `source`; returns its wait_ms.
int64_t expect_step(CatchUpMerge& m, int64_t now, Kind kind, size_t source) {
  CatchUpMerge::Step s = m.next(now);
  CHECK(s.kind == kind);
  CHECK(s.source == source);
  return s.wait_ms;
}

}  // namespace

TEST_CASE("catch-up merge: partitions read in turn come out in timestamp order") {
  // Three partitions of one history, each holding every third record.
  auto out = merge_all({{0, 3, 6, 9}, {1, 4, 7}, {2, 5, 8}});
  std::vector<int64_t> ts;
  for (auto& [src, t] : out) ts.push_back(t);
  CHECK(ts == std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
}

TEST_CASE("catch-up merge: unknown times (-1) first, equal times from the sources in turn") {
  auto out = merge_all({{5, 5}, {-1, 5}});
  CHECK(out == std::vector<std::pair<size_t, int64_t>>{{1, -1}, {0, 5}, {1, 5}, {0, 5}});
  // History written at once shares one timestamp: taken round robin, not one source's run.
  out = merge_all({{7, 7, 7}, {7, 7, 7}, {7, 7}});
  std::vector<size_t> order;
  for (auto& [src, t] : out) order.push_back(src);
  CHECK(order == std::vector<size_t>{0, 1, 2, 0, 1, 2, 0, 1});
}

TEST_CASE("catch-up merge: a source catching up with nothing held is waited for") {
  CatchUpMerge m(2, 1000);
  m.offer(0, 10);
  // Source 1 has not reported yet: its first message could be older than 10.
  CHECK(expect_step(m, 0, Kind::kWait, 1) == 1000);
  m.offer(1, 3);
  expect_step(m, 0, Kind::kTake, 1);
  m.taken(1);
  // Again nothing held by 1: the merge must not write 10 before knowing 1's next.
  CHECK(m.next(0).kind == Kind::kWait);
}

TEST_CASE("catch-up merge: a caught-up source is not waited for, what it holds is still merged") {
  CatchUpMerge m(2, 1000);
  m.offer(0, 20);
  m.offer(1, 10);
  m.caught_up(1);  // its end came after the held message
  expect_step(m, 0, Kind::kTake, 1);
  m.taken(1);
  expect_step(m, 0, Kind::kTake, 0);
  m.taken(0);
  m.caught_up(0);
  CHECK(m.next(0).kind == Kind::kDone);
  CHECK(m.done());
  CHECK(m.stalled() == 0);
  CHECK(m.next(5).kind == Kind::kDone);  // stays done
}

TEST_CASE("catch-up merge: a source empty on reads for stall_ms is idle until its next message") {
  CatchUpMerge m(2, 1000);
  m.offer(0, 10);
  m.empty(1, 100);  // first miss starts the clock
  CHECK(expect_step(m, 600, Kind::kWait, 1) == 500);
  // Time passing without a read (a slow output) does not stall it.
  CHECK(expect_step(m, 5000, Kind::kWait, 1) == 0);
  m.empty(1, 900);  // a miss before stall_ms: still waited for
  CHECK(m.next(900).kind == Kind::kWait);
  m.empty(1, 1100);  // a miss stall_ms after the first
  CHECK(m.stalled() == 1);
  CHECK(m.is_idle(1));
  CHECK_FALSE(m.is_caught_up(1));
  expect_step(m, 1100, Kind::kTake, 0);  // no longer waited for
  m.taken(0);
  m.caught_up(0);
  // Only the idle source is left: the merge is not over, it is read (without a deadline).
  expect_step(m, 1200, Kind::kWait, 1);
  CHECK_FALSE(m.done());
  // Its next message makes it catch up again: merged, then waited for as before.
  m.offer(1, 20);
  CHECK_FALSE(m.is_idle(1));
  expect_step(m, 1300, Kind::kTake, 1);
  m.taken(1);
  CHECK(expect_step(m, 1300, Kind::kWait, 1) == 1000);
  m.caught_up(1);
  CHECK(m.next(1300).kind == Kind::kDone);
}

TEST_CASE("catch-up merge: after an end of old messages a source is idle after the grace only") {
  CatchUpMerge m(2, 2000);
  m.offer(0, 10);
  m.ended(1, 1000, 300);
  CHECK(expect_step(m, 1000, Kind::kWait, 1) == 300);
  m.empty(1, 1200);  // within the grace: still waited for
  CHECK_FALSE(m.is_idle(1));
  m.empty(1, 1300);
  CHECK(m.is_idle(1));
  // A message within the grace would have kept it catching up, with its clock reset.
  CatchUpMerge n(1, 2000);
  n.ended(0, 0, 300);
  n.offer(0, 5);
  n.taken(0);
  n.empty(0, 400);
  CHECK_FALSE(n.is_idle(0));
}

TEST_CASE("catch-up merge: a message resets the stall clock, an empty topic is done at once") {
  CatchUpMerge m(1, 1000);
  m.empty(0, 0);
  m.offer(0, 1);
  m.taken(0);
  m.empty(0, 1500);  // the clock restarted at this miss
  CHECK(m.next(1500).kind == Kind::kWait);
  CHECK(m.stalled() == 0);

  CatchUpMerge none(0, 1000);
  CHECK(none.next(0).kind == Kind::kDone);
}
