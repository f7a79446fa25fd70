#include "sse/session.hpp"

#include <doctest/doctest.h>

using namespace tweetmap;

namespace {
Frame frame(size_t n, char c = 'x') { return std::make_shared<const std::string>(n, c); }
}  // namespace

TEST_CASE("sse_session: --client-buffer parsing") {
  CHECK(parse_client_buffer("500")->max_events == 500);
  CHECK(parse_client_buffer("500")->max_bytes == 0);
  CHECK(parse_client_buffer("64KiB")->max_bytes == 65536);
  CHECK(parse_client_buffer("64k")->max_bytes == 65536);
  CHECK(parse_client_buffer("2MiB")->max_bytes == 2u << 20);
  CHECK(parse_client_buffer("100B")->max_bytes == 100);
  for (const char* bad : {"0", "", "x", "5 parsecs", "-1", "0KiB"})
    CHECK_FALSE(parse_client_buffer(bad).is_ok());
}

TEST_CASE("sse_session: queue wakes the writer once and batches") {
  ServerMetrics m;
  SessionQueue q(ClientBuffer{0, 10}, SlowClientPolicy::kDrop, m);
  CHECK(q.push_event(frame(10)) == SessionQueue::Push::kWake);
  CHECK(q.push_event(frame(10)) == SessionQueue::Push::kQueued);
  std::vector<Frame> batch;
  REQUIRE(q.take(batch, 1 << 20));
  CHECK(batch.size() == 2);
  CHECK(q.queued_bytes() == 20);  // in flight still counts
  q.written();
  CHECK(q.queued_bytes() == 0);
  CHECK(m.events_out.load() == 2);
  CHECK(m.bytes_out.load() == 20);
  CHECK_FALSE(q.take(batch, 1 << 20));  // idle again
  CHECK(q.push_event(frame(10)) == SessionQueue::Push::kWake);
}

TEST_CASE("sse_session: drop policy counts drops and sends one lag notice with the count") {
  ServerMetrics m;
  SessionQueue q(ClientBuffer{0, 3}, SlowClientPolicy::kDrop, m);
  for (int i = 0; i < 3; ++i) CHECK(q.push_event(frame(5)) != SessionQueue::Push::kDropped);
  for (int i = 0; i < 4; ++i) CHECK(q.push_event(frame(5)) == SessionQueue::Push::kDropped);
  CHECK(q.dropped_total() == 4);
  CHECK(m.events_dropped.load() == 4);
  std::vector<Frame> batch;
  REQUIRE(q.take(batch, 1 << 20));
  CHECK(batch.size() == 3);
  q.written();
  // Caught up: the next take carries the lag notice.
  REQUIRE(q.take(batch, 1 << 20));
  REQUIRE(batch.size() == 1);
  CHECK(*batch[0] == "event: lag\ndata: {\"dropped\":4}\n\n");
  q.written();
  CHECK(m.lag_notices.load() == 1);
  CHECK(m.events_out.load() == 3);  // the notice is not an event
}

TEST_CASE("sse_session: lag notice goes before the next event that fits") {
  ServerMetrics m;
  SessionQueue q(ClientBuffer{0, 1}, SlowClientPolicy::kDrop, m);
  q.push_event(frame(5, 'a'));
  CHECK(q.push_event(frame(5, 'b')) == SessionQueue::Push::kDropped);
  std::vector<Frame> batch;
  REQUIRE(q.take(batch, 1 << 20));
  q.written();
  // Not yet taken again: a new event arrives first.
  q.push_event(frame(5, 'c'));
  REQUIRE(q.take(batch, 1 << 20));
  REQUIRE(batch.size() == 2);
  CHECK(batch[0]->find("\"dropped\":1") != std::string::npos);
  CHECK(*batch[1] == "ccccc");
}

TEST_CASE("sse_session: byte bound and disconnect policy") {
  ServerMetrics m;
  SessionQueue q(ClientBuffer{100, 0}, SlowClientPolicy::kDisconnect, m);
  CHECK(q.push_event(frame(60)) == SessionQueue::Push::kWake);
  CHECK(q.push_event(frame(60)) == SessionQueue::Push::kDisconnect);
  CHECK(q.push_event(frame(60)) == SessionQueue::Push::kClosed);  // reported once
  q.close();
  CHECK(q.push_event(frame(1)) == SessionQueue::Push::kClosed);
  CHECK(q.queued_bytes() == 0);
}

TEST_CASE("sse_session: replay does not count against the bound, heartbeats only when idle") {
  ServerMetrics m;
  SessionQueue q(ClientBuffer{0, 2}, SlowClientPolicy::kDrop, m);
  for (int i = 0; i < 10; ++i) q.push_uncounted(frame(5), true);
  CHECK(q.push_event(frame(5)) != SessionQueue::Push::kDropped);
  auto hb = frame(3, ':');
  CHECK(q.push_heartbeat(hb) == SessionQueue::Push::kQueued);
  CHECK(m.heartbeats.load() == 0);
  std::vector<Frame> batch;
  REQUIRE(q.take(batch, 1 << 20));
  CHECK(batch.size() == 11);
  q.written();
  CHECK_FALSE(q.take(batch, 1 << 20));
  CHECK(q.push_heartbeat(hb) == SessionQueue::Push::kWake);
  CHECK(m.heartbeats.load() == 1);
}

TEST_CASE("sse_session: take respects the batch size") {
  ServerMetrics m;
  SessionQueue q(ClientBuffer{1 << 20, 0}, SlowClientPolicy::kDrop, m);
  for (int i = 0; i < 10; ++i) q.push_event(frame(100));
  std::vector<Frame> batch;
  REQUIRE(q.take(batch, 350));
  CHECK(batch.size() == 3);
}

TEST_CASE("sse_session: push_events under one lock") {
  ServerMetrics m;
  SessionQueue q(ClientBuffer{0, 3}, SlowClientPolicy::kDrop, m);
  std::vector<Frame> frames{frame(1), frame(1), frame(1), frame(1)};
  CHECK(q.push_events(frames) == SessionQueue::Push::kWake);
  CHECK(frames.empty());
  CHECK(q.dropped_total() == 1);
  std::vector<Frame> more{frame(1)};
  CHECK(q.push_events(more) == SessionQueue::Push::kDropped);
  SessionQueue d(ClientBuffer{0, 2}, SlowClientPolicy::kDisconnect, m);
  std::vector<Frame> three{frame(1), frame(1), frame(1)};
  CHECK(d.push_events(three) == SessionQueue::Push::kDisconnect);
}

TEST_CASE("sse_session: replayed history counts against the bound and is pulled while it fits") {
  ServerMetrics m;
  SessionQueue q(ClientBuffer{250, 0}, SlowClientPolicy::kDrop, m);
  CHECK(q.push_replay(frame(100)));
  CHECK(q.push_replay(frame(100)));
  CHECK_FALSE(q.push_replay(frame(100)));  // over 250 bytes: pulled again later
  CHECK(q.queued_bytes() == 200);
  std::vector<Frame> batch;
  REQUIRE(q.take(batch, 1 << 20));
  CHECK_FALSE(q.push_replay(frame(100)));  // in flight still counts
  q.written();
  CHECK(q.push_replay(frame(100)));
  // A frame larger than the whole bound still goes when nothing else is queued.
  SessionQueue big(ClientBuffer{50, 0}, SlowClientPolicy::kDrop, m);
  CHECK(big.push_replay(frame(100)));
  CHECK_FALSE(big.push_replay(frame(1)));
}

TEST_CASE("sse_session: history lost before a slow replay took it is a drop or a disconnect") {
  ServerMetrics m;
  SessionQueue q(ClientBuffer{1 << 20, 0}, SlowClientPolicy::kDrop, m);
  CHECK(q.replay_missed(7) == SessionQueue::Push::kDropped);
  CHECK(q.dropped_total() == 7);
  CHECK(q.push_replay(frame(10)));
  std::vector<Frame> batch;
  REQUIRE(q.take(batch, 1 << 20));
  REQUIRE(batch.size() == 2);
  CHECK(*batch[0] == "event: lag\ndata: {\"dropped\":7}\n\n");
  SessionQueue d(ClientBuffer{1 << 20, 0}, SlowClientPolicy::kDisconnect, m);
  CHECK(d.replay_missed(1) == SessionQueue::Push::kDisconnect);
  CHECK(d.replay_missed(1) == SessionQueue::Push::kClosed);  // reported once
}

TEST_CASE(
    "sse_session: the writer holds the frames it took, and written_and_take accounts like both") {
  ServerMetrics m;
  SessionQueue q(ClientBuffer{0, 3}, SlowClientPolicy::kDrop, m);
  Frame f = frame(10);
  q.push_event(f);
  q.push_event(frame(20));
  std::vector<Frame> batch;
  REQUIRE(q.take(batch, 1 << 20));
  CHECK(f.use_count() == 2);      // f and the batch: the queue keeps no copy of what it handed out
  CHECK(q.queued_bytes() == 30);  // in flight still counts, against the bound too
  q.push_event(frame(5));
  CHECK(q.push_event(frame(5)) == SessionQueue::Push::kDropped);
  // The batch was written: its room is freed and the next frames are taken, under one lock.
  REQUIRE(q.written_and_take(batch, 1 << 20));
  CHECK(f.use_count() == 1);
  CHECK(m.events_out.load() == 2);
  CHECK(m.bytes_out.load() == 30);
  REQUIRE(batch.size() == 1);
  CHECK(batch[0]->size() == 5);
  CHECK(q.queued_bytes() == 5);
  // Caught up after the drop: the lag notice comes next, then the writer is idle.
  REQUIRE(q.written_and_take(batch, 1 << 20));
  REQUIRE(batch.size() == 1);
  CHECK(*batch[0] == "event: lag\ndata: {\"dropped\":1}\n\n");
  CHECK_FALSE(q.written_and_take(batch, 1 << 20));
  CHECK(batch.empty());
  CHECK(q.queued_bytes() == 0);
  CHECK(m.events_out.load() == 3);
  CHECK(q.push_event(frame(1)) == SessionQueue::Push::kWake);
}
