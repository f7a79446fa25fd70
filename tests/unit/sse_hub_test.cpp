#include "sse/hub.hpp"

#include <doctest/doctest.h>

using namespace tweetmap;

namespace {

struct RecordingSink : EventSink {
  ResumePlan plan;
  std::vector<uint64_t> live;
  int beats = 0;
  void start(const ResumePlan& p) override { plan = p; }
  void on_events(const std::vector<EventPtr>& events) override {
    for (const auto& e : events) live.push_back(e->seq);
  }
  void on_heartbeat() override { ++beats; }
  size_t queued_bytes() const override { return 7; }
  void close() override {}
};

std::vector<uint64_t> seqs(const std::vector<EventPtr>& v) {
  std::vector<uint64_t> out;
  for (const auto& e : v) out.push_back(e->seq);
  return out;
}

void publish_n(SseHub& hub, int n) {
  std::vector<EventPtr> batch;
  for (int i = 0; i < n; ++i) {
    std::string line = "{\"id\":\"" + std::to_string(i) + "\",\"text\":\"t\"}";
    batch.push_back(hub.make_event(line, false));
  }
  hub.publish(batch);
}

ClientRequest resume_from(const std::string& id) { return *parse_client_request("", id); }

}  // namespace

TEST_CASE("sse_hub: frames, types and skipped input") {
  ManualClock clock(1000);
  ServerMetrics m;
  SseHub hub(77, HistoryLimits{10, 0}, clock, m);
  auto e = hub.make_event("{\"id\":\"1\",\"text\":\"a\\r\\nb\"}", false);
  REQUIRE(e);
  CHECK(e->type == "tweet");
  CHECK(e->frame == "event: tweet\nid: 77-1\ndata: {\"id\":\"1\",\"text\":\"a\\r\\nb\"}\n\n");
  auto t = hub.make_event("{\"type\":\"trends\",\"regions\":{\"x\":[1,2]},\"lat\":\"odd\"}", false);
  REQUIRE(t);
  CHECK(t->type == "trends");
  CHECK(t->seq == 2);
  std::string why;
  CHECK_FALSE(hub.make_event("[1,2]", false, &why));
  CHECK(why == "not a JSON object");
  CHECK_FALSE(hub.make_event("{\"a\":", false));
  CHECK_FALSE(hub.make_event("   ", false));
  CHECK_FALSE(hub.make_event("{\"type\":\"bad\\ntype\"}", false));
  CHECK(m.input_skipped.load() == 4);
  CHECK(m.events_in.load() == 2);
  CHECK(build_event_frame("tweet", EventId{1, 2}, "{\"a\":1}\r") ==
        "event: tweet\nid: 1-2\ndata: {\"a\":1} \n\n");
}

TEST_CASE("sse_hub: resume inside the history, reset outside it") {
  ManualClock clock(1000);
  ServerMetrics m;
  SseHub hub(5, HistoryLimits{10, 0}, clock, m);
  publish_n(hub, 25);  // history holds 16..25
  auto p = hub.plan_for(resume_from("5-20"));
  CHECK_FALSE(p.reset.has_value());
  CHECK(p.resumed);
  CHECK(seqs(p.replay) == std::vector<uint64_t>{21, 22, 23, 24, 25});
  CHECK(hub.plan_for(resume_from("5-25")).replay.empty());
  CHECK(hub.plan_for(resume_from("5-15")).replay.size() == 10);  // just inside
  CHECK(*hub.plan_for(resume_from("5-14")).reset == ResetReason::kTooOld);
  CHECK(*hub.plan_for(resume_from("6-20")).reset == ResetReason::kOtherEpoch);
  CHECK(*hub.plan_for(resume_from("5-26")).reset == ResetReason::kUnknownId);
  CHECK(*hub.plan_for(resume_from("junk")).reset == ResetReason::kUnknownId);
  auto r = hub.plan_for(resume_from("5-1"));
  CHECK(r.position == EventId{5, 25});
  CHECK(r.replay.empty());
}

TEST_CASE("sse_hub: since= and age-bounded history") {
  ManualClock clock(100000);
  ServerMetrics m;
  SseHub hub(1, HistoryLimits{100, 30}, clock, m);
  publish_n(hub, 3);  // t = 100 s
  clock.advance(20000);
  publish_n(hub, 2);  // t = 120 s
  CHECK(hub.plan_for(*parse_client_request("since=10", "")).replay.size() == 2);
  CHECK(hub.plan_for(*parse_client_request("since=60", "")).replay.size() == 5);
  CHECK(hub.plan_for(*parse_client_request("", "")).replay.empty());
  clock.advance(15000);  // the first three are 35 s old
  hub.prune();
  MetricsSnapshot s;
  hub.fill_snapshot(s);
  CHECK(s.history_events == 2);
  CHECK(s.last_seq == 5);
  // Resuming from 2 now needs 3, which aged out.
  CHECK(*hub.plan_for(resume_from("1-2")).reset == ResetReason::kTooOld);
  CHECK(hub.plan_for(resume_from("1-3")).replay.size() == 2);
  // A reset falls back to since= when given.
  auto p = hub.plan_for(*parse_client_request("since=60", "9-9"));
  CHECK(p.reset.has_value());
  CHECK(p.replay.size() == 2);
}

TEST_CASE("sse_hub: subscribe is atomic with publish, heartbeat and metrics reach sinks") {
  ManualClock clock(0);
  ServerMetrics m;
  SseHub hub(3, HistoryLimits{100, 0}, clock, m);
  publish_n(hub, 3);
  auto sink = std::make_shared<RecordingSink>();
  hub.subscribe(sink, resume_from("3-1"));
  CHECK(sink->plan.replay_from == 2);
  publish_n(hub, 2);
  CHECK(sink->live == std::vector<uint64_t>{4, 5});
  hub.heartbeat();
  CHECK(sink->beats == 1);
  MetricsSnapshot s;
  hub.fill_snapshot(s);
  CHECK(s.queued_bytes == 7);
  CHECK(m.resumes.load() == 1);
  hub.unsubscribe(sink.get());
  CHECK(hub.subscriber_count() == 0);
  publish_n(hub, 1);
  CHECK(sink->live.size() == 2);
}

TEST_CASE("sse_hub: history of zero keeps nothing") {
  ManualClock clock(0);
  ServerMetrics m;
  SseHub hub(3, HistoryLimits{0, 0}, clock, m);
  publish_n(hub, 3);
  MetricsSnapshot s;
  hub.fill_snapshot(s);
  CHECK(s.history_events == 0);
  CHECK(hub.plan_for(resume_from("3-3")).replay.empty());
  CHECK_FALSE(hub.plan_for(resume_from("3-3")).reset.has_value());
  CHECK(*hub.plan_for(resume_from("3-2")).reset == ResetReason::kTooOld);
}

TEST_CASE("sse_hub: replay hands out the history in steps, reports what was lost, then goes live") {
  ManualClock clock(0);
  ServerMetrics m;
  SseHub hub(3, HistoryLimits{5, 0}, clock, m);
  publish_n(hub, 8);  // history: 4..8
  std::vector<uint64_t> got;
  uint64_t missed = 0;
  bool live = false;
  auto take_two = [&](const EventPtr& e) {  // a queue with room for two events
    if (got.size() == 2) return false;
    got.push_back(e->seq);
    return true;
  };
  auto on_missed = [&](uint64_t n) { missed += n; };
  auto on_live = [&] { live = true; };
  uint64_t next = hub.replay(2, on_missed, take_two, on_live);  // 2 and 3 left the history
  CHECK(missed == 2);
  CHECK(got == std::vector<uint64_t>{4, 5});
  CHECK(next == 6);
  CHECK_FALSE(live);
  next = hub.replay(
      next, on_missed,
      [&](const EventPtr& e) {
        got.push_back(e->seq);
        return true;
      },
      on_live);
  CHECK(got == std::vector<uint64_t>{4, 5, 6, 7, 8});
  CHECK(next == 9);
  CHECK(live);
  CHECK(missed == 2);
}

TEST_CASE("sse_hub: the newest trends event is kept for /trends, whatever the history keeps") {
  ManualClock clock(1000);
  ServerMetrics m;
  SseHub hub(5, HistoryLimits{1, 0}, clock, m);
  CHECK_FALSE(hub.latest_trends());
  auto first = hub.make_event("{\"type\":\"trends\",\"ts\":1}", false);
  auto second = hub.make_event("{\"type\":\"trends\",\"ts\":2}", false);
  hub.publish({first, second});
  publish_n(hub, 3);  // posts push the snapshot out of a history of one event
  REQUIRE(hub.latest_trends());
  CHECK(hub.latest_trends()->seq == second->seq);
  CHECK(event_data(*hub.latest_trends()) == "{\"type\":\"trends\",\"ts\":2}");
}
