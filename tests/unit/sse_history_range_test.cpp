#include <doctest/doctest.h>

#include <string>

#include "sse/history_range.hpp"
#include "sse/hub.hpp"
#include "sse/time_index.hpp"

using namespace tweetmap;

namespace {

std::string post(int id, int64_t ts, const std::string& text = "t") {
  return "{\"id\":\"" + std::to_string(id) + "\",\"ts\":" + std::to_string(ts) + ",\"text\":\"" +
         text + "\"}";
}

void publish_lines(SseHub& hub, const std::vector<std::string>& lines) {
  std::vector<EventPtr> batch;
  for (const auto& l : lines) {
    auto e = hub.make_event(l, false);
    REQUIRE(e);
    batch.push_back(e);
  }
  hub.publish(batch);
}

std::vector<int64_t> times(const HistorySlice& s) {
  std::vector<int64_t> out;
  for (const auto& e : s.events) out.push_back(e->time_ms);
  return out;
}

std::string range_error(std::string_view q) {
  auto r = parse_history_range(q);
  REQUIRE_FALSE(r);
  CHECK(r.status().code() == ErrorCode::kUsage);
  CHECK(r.status().message().find('\n') == std::string::npos);
  return r.status().message();
}

}  // namespace

TEST_CASE("history_range: from=, until= and limit= are read and checked") {
  auto r = parse_history_range("from=1000&until=61000&limit=5&track=x");
  REQUIRE(r);
  CHECK(r->from_ms == 1000);
  CHECK(r->until_ms == 61000);
  CHECK(r->limit == 5);
  auto d = parse_history_range("until=2000&from=2000");
  REQUIRE(d);
  CHECK(d->limit == kDefaultHistoryLimit);

  CHECK(range_error("until=5") == "from= and until= are required (ms since the epoch)");
  CHECK(range_error("from=abc&until=5") == "bad from= value 'abc' (ms since the epoch)");
  CHECK(range_error("from=1.5&until=5").find("bad from=") == 0);
  CHECK(range_error("from=1&until=") == "bad until= value '' (ms since the epoch)");
  CHECK(range_error("from=-5&until=5").find("bad from=") == 0);
  CHECK(range_error("from=1&until=99999999999999999999").find("bad until=") == 0);
  CHECK(range_error("from=9000&until=8000") == "until= is before from=");
  CHECK(range_error("from=0&until=3600001") == "range too long: 3600 s (at most 3600 s)");
  CHECK(range_error("from=0&until=1700000000000").find("range too long") == 0);
  CHECK(range_error("from=0&until=10&limit=0").find("bad limit=") == 0);
  CHECK(range_error("from=0&until=10&limit=200001") ==
        "bad limit= value '200001' (events, 1 to 200000)");
  CHECK(range_error("from=0&until=10&limit=ten").find("bad limit=") == 0);
  CHECK(range_error("from=%zz&until=10").find("bad value for parameter 'from'") == 0);
}

TEST_CASE("time_index: blocks whose times meet the range, out-of-order times included") {
  TimeIndex ix;
  for (uint64_t s = 1; s <= 3 * TimeIndex::kBlockEvents; ++s)
    ix.add(s, static_cast<int64_t>(s) * 10);
  ix.add(3 * TimeIndex::kBlockEvents + 1, 15);  // a late event, in a fourth block
  CHECK(ix.blocks() == 4);
  auto c = ix.candidates(10 * 1500, 10 * 1600);  // inside the second block only
  REQUIRE(c.size() == 1);
  CHECK(c[0] == std::make_pair(uint64_t{1025}, uint64_t{2048}));
  auto late = ix.candidates(12, 18);  // the first block and the late one
  REQUIRE(late.size() == 2);
  CHECK(late[0].first == 1);
  CHECK(late[1].first == 3 * TimeIndex::kBlockEvents + 1);
  auto all = ix.candidates(0, 1 << 30);  // adjacent blocks merge into one span
  REQUIRE(all.size() == 1);
  CHECK(all[0] == std::make_pair(uint64_t{1}, uint64_t{3 * TimeIndex::kBlockEvents + 1}));
  CHECK(ix.candidates(1 << 30, 1 << 31).empty());
  CHECK(ix.extent() == std::make_pair(int64_t{10}, int64_t{30720}));
  ix.drop_before(2000);
  CHECK(ix.blocks() == 3);
  CHECK(ix.candidates(0, 1 << 30)[0].first == 2000);
  ix.clear();
  CHECK_FALSE(ix.extent());
}

TEST_CASE("sse_hub: range gives the events of a time window, by the record's ts") {
  ManualClock clock(5'000'000);
  ServerMetrics m;
  SseHub hub(1, HistoryLimits{100000, 0}, clock, m);
  // An hour of posts, one every 10 s of ts, all arriving now; then a trends snapshot and a line
  // without ts (timed by its arrival).
  std::vector<std::string> lines;
  const int64_t t0 = 1'700'000'000'000;
  for (int i = 0; i < 360; ++i) lines.push_back(post(i, t0 + i * 10'000, i % 2 ? "odd" : "even"));
  lines.push_back("{\"type\":\"trends\",\"ts\":" + std::to_string(t0 + 1'800'000) +
                  ",\"global\":[]}");
  lines.push_back("{\"id\":\"x\",\"text\":\"no ts\"}");
  publish_lines(hub, lines);

  ClientRequest all = *parse_client_request("", "");
  HistoryRange r{t0 + 600'000, t0 + 660'000, 100};
  auto s = hub.range(r, all);
  CHECK(times(s) == std::vector<int64_t>{t0 + 600'000, t0 + 610'000, t0 + 620'000, t0 + 630'000,
                                         t0 + 640'000, t0 + 650'000, t0 + 660'000});
  CHECK_FALSE(s.truncated);
  REQUIRE(s.kept);
  CHECK(s.kept->first == 5'000'000);  // the line without ts, timed by its arrival
  CHECK(s.kept->second == t0 + 3'590'000);

  // The /events filters apply: only "odd" posts, and only trends.
  auto odd = hub.range(r, *parse_client_request("track=odd&types=tweet", ""));
  CHECK(times(odd) == std::vector<int64_t>{t0 + 610'000, t0 + 630'000, t0 + 650'000});
  auto tr =
      hub.range(HistoryRange{t0, t0 + 3'600'000, 1}, *parse_client_request("types=trends", ""));
  REQUIRE(tr.events.size() == 1);
  CHECK(tr.events[0]->type == "trends");
  CHECK(tr.events[0]->time_ms == t0 + 1'800'000);

  // limit= keeps the last ones of the range, oldest first, and says it cut.
  auto cut =
      hub.range(HistoryRange{t0, t0 + 3'600'000, 3}, *parse_client_request("types=tweet", ""));
  CHECK(times(cut) == std::vector<int64_t>{t0 + 3'570'000, t0 + 3'580'000, t0 + 3'590'000});
  CHECK(cut.truncated);

  // The line without ts is timed by its arrival.
  auto arrived = hub.range(HistoryRange{5'000'000, 5'000'000, 10}, all);
  REQUIRE(arrived.events.size() == 1);
  CHECK(arrived.events[0]->record.id == "x");

  // Nothing in an empty stretch; the body is the input lines.
  CHECK(hub.range(HistoryRange{t0 - 1000, t0 - 1, 10}, all).events.empty());
  bool truncated = false;
  std::string body = history_ndjson(hub.range(HistoryRange{t0, t0 + 10'000, 10}, all).events,
                                    kMaxHistoryAnswerBytes, truncated);
  CHECK(body == post(0, t0, "even") + "\n" + post(1, t0 + 10'000, "odd") + "\n");
  CHECK_FALSE(truncated);
  std::string small = history_ndjson(hub.range(HistoryRange{t0, t0 + 10'000, 10}, all).events,
                                     post(0, t0, "even").size() + 1, truncated);
  CHECK(small == post(0, t0, "even") + "\n");
  CHECK(truncated);
}

TEST_CASE("sse_hub: range finds late posts and skips what left the history") {
  ManualClock clock(1000);
  ServerMetrics m;
  SseHub hub(1, HistoryLimits{3000, 0}, clock, m);
  std::vector<std::string> lines;
  for (int i = 0; i < 2500; ++i) lines.push_back(post(i, 1'000'000 + i));
  lines.push_back(post(9999, 1'000'010));  // arrives last, posted early
  publish_lines(hub, lines);
  auto s = hub.range(HistoryRange{1'000'009, 1'000'011, 10}, *parse_client_request("", ""));
  REQUIRE(s.events.size() == 4);
  CHECK(s.events[0]->record.id == "9");
  CHECK(s.events[3]->record.id == "9999");
  // 1,000 more push the first 501 out: their times are no longer found.
  lines.clear();
  for (int i = 0; i < 1000; ++i) lines.push_back(post(5000 + i, 2'000'000 + i));
  publish_lines(hub, lines);
  auto gone = hub.range(HistoryRange{1'000'000, 1'000'400, 1000}, *parse_client_request("", ""));
  REQUIRE(gone.events.size() == 1);  // only the late one, which arrived last
  CHECK(gone.events[0]->record.id == "9999");
  auto kept = hub.range(HistoryRange{1'000'000, 1'000'599, 1000}, *parse_client_request("", ""));
  CHECK(kept.events.size() == 100);  // 501..599 and the late one
}

TEST_CASE("sse_hub: --history-bytes bounds the history's memory, oldest first") {
  ManualClock clock(1000);
  ServerMetrics m;
  HistoryLimits limits{1'000'000, 0, 64 * 1024};
  SseHub hub(1, limits, clock, m);
  std::string text(300, 'a');
  std::vector<std::string> lines;
  for (int i = 0; i < 2000; ++i) lines.push_back(post(i, 1'000'000 + i, text));
  publish_lines(hub, lines);
  MetricsSnapshot snap;
  hub.fill_snapshot(snap);
  CHECK(snap.history_bytes <= limits.max_bytes);
  CHECK(snap.history_events > 30);
  CHECK(snap.history_events < 2000);
  // Each event is charged for its frame and its parsed text at least.
  CHECK(snap.history_bytes >= snap.history_events * 2 * text.size());
  auto s = hub.range(HistoryRange{0, 3'000'000, 200000}, *parse_client_request("", ""));
  REQUIRE_FALSE(s.events.empty());
  CHECK(s.events.back()->record.id == "1999");  // the newest stayed
  CHECK(s.events.size() == snap.history_events);
}

TEST_CASE("history_range: answer bodies count while alive (the bound on answers in flight)") {
  size_t before = history_answers_bytes();
  auto a = counted_body(std::string(1000, 'x'));
  auto b = counted_body(std::string(500, 'y'));
  CHECK(history_answers_bytes() == before + 1500);
  auto shared = a;  // a second owner (an answer being written) keeps it counted
  a.reset();
  CHECK(history_answers_bytes() == before + 1500);
  shared.reset();
  CHECK(history_answers_bytes() == before + 500);
  b.reset();
  CHECK(history_answers_bytes() == before);
}
