#include "sse/hub.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>

#include "sse/history_range.hpp"
#include "sse/query.hpp"

namespace tweetmap {
namespace {

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

// Heap bytes of a string (0 while it fits in the string itself), with the allocator's overhead.
size_t heap_bytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 + 16 : 0; }

size_t heap_bytes(const std::vector<std::string>& v) {
  size_t n = v.capacity() ? v.capacity() * sizeof(std::string) + 16 : 0;
  for (const auto& s : v) n += heap_bytes(s);
  return n;
}

// What one kept event costs: the Event with its shared_ptr control block (one allocation), its
// frame and the heap parts of its parsed record, and its slot in the history.
size_t event_bytes(const Event& e) {
  const Record& r = e.record;
  size_t n = sizeof(Event) + 16 + 16 + sizeof(EventPtr);
  n += heap_bytes(e.frame) + heap_bytes(e.type);
  for (const std::string* s : {&r.id, &r.place, &r.cc, &r.user, &r.name, &r.text, &r.lang, &r.src,
                               &r.type, &r.author_location, &r.author_time_zone})
    n += heap_bytes(*s);
  return n + heap_bytes(r.tags) + heap_bytes(r.rules);
}

}  // namespace

std::string_view reset_reason_name(ResetReason r) {
  switch (r) {
    case ResetReason::kUnknownId:
      return "unknown-id";
    case ResetReason::kOtherEpoch:
      return "other-epoch";
    case ResetReason::kTooOld:
      return "too-old";
  }
  return "unknown-id";
}

std::string build_event_frame(std::string_view type, const EventId& id, std::string_view line) {
  std::string f;
  f.reserve(line.size() + type.size() + 48);
  f += "event: ";
  f += type;
  f += "\nid: ";
  fmt::format_to(std::back_inserter(f), "{}-{}", id.epoch, id.seq);
  f += "\ndata: ";
  size_t start = f.size();
  f += line;
  std::replace(f.begin() + static_cast<std::ptrdiff_t>(start), f.end(), '\r', ' ');
  f += "\n\n";
  return f;
}

SseHub::SseHub(uint64_t epoch, HistoryLimits limits, Clock& clock, ServerMetrics& metrics)
    : epoch_(epoch), limits_(limits), clock_(clock), metrics_(metrics) {}

EventPtr SseHub::make_event(std::string_view line, bool padded, std::string* why) {
  metrics_.lines_in.fetch_add(1, std::memory_order_relaxed);
  auto skip = [&](std::string reason) -> EventPtr {
    metrics_.input_skipped.fetch_add(1, std::memory_order_relaxed);
    if (why) *why = std::move(reason);
    return nullptr;
  };
  if (is_blank(line)) return skip("blank line");
  auto ev = std::make_shared<Event>();
  Status st = parser_.parse(line, ev->record, padded);
  int64_t ts = st ? ev->record.ts : 0;
  if (!st) {
    // Not a record, but possibly still a JSON object with other fields (a new event kind): serve it
    // as long as it is an object, taking only its type.
    ev->record.clear();
    simdjson::dom::element doc;
    if (dom_parser_.parse(line.data(), line.size(), true).get(doc) || !doc.is_object())
      return skip("not a JSON object");
    std::string_view type;
    if (!doc["type"].get_string().get(type)) ev->record.type = type;
    if (doc["ts"].get_int64().get(ts)) ts = 0;
  }
  ev->type = ev->record.type.empty() ? "tweet" : ev->record.type;
  if (!valid_type_name(ev->type)) return skip("bad event type");
  ev->seq = next_seq_++;
  ev->arrival_ms = clock_.now_ms();
  ev->time_ms = ts > 0 ? ts : ev->arrival_ms;
  ev->frame = build_event_frame(ev->type, EventId{epoch_, ev->seq}, line);
  ev->bytes = event_bytes(*ev);
  metrics_.events_in.fetch_add(1, std::memory_order_relaxed);
  return ev;
}

void SseHub::prune_locked(int64_t now_ms) {
  bool dropped = false;
  while (!history_.empty() &&
         (history_.size() > limits_.max_events || history_bytes_ > limits_.max_bytes ||
          (limits_.max_seconds > 0 && static_cast<double>(now_ms - history_.front()->arrival_ms) >
                                          limits_.max_seconds * 1000.0))) {
    history_bytes_ -= history_.front()->bytes;
    history_.pop_front();
    dropped = true;
  }
  if (!dropped) return;
  if (history_.empty())
    time_index_.clear();
  else
    time_index_.drop_before(history_.front()->seq);
}

void SseHub::publish(const std::vector<EventPtr>& events) {
  if (events.empty()) return;
  int64_t now = clock_.now_ms();
  std::lock_guard lock(mu_);
  for (const auto& e : events) {
    history_.push_back(e);
    history_bytes_ += e->bytes;
    time_index_.add(e->seq, e->time_ms);
    last_seq_ = e->seq;
    if (e->type == "trends") latest_trends_ = e;
  }
  prune_locked(now);
  for (const auto& s : sinks_) s->on_events(events);
}

ResumePlan SseHub::plan_locked(const ClientRequest& req, bool collect) const {
  ResumePlan plan;
  plan.position = EventId{epoch_, last_seq_};
  uint64_t first_seq = history_.empty() ? last_seq_ + 1 : history_.front()->seq;
  bool want_since = req.since_s.has_value();
  if (!req.last_event_id_raw.empty()) {
    auto id = parse_event_id(req.last_event_id_raw);
    if (!id) {
      plan.reset = ResetReason::kUnknownId;
    } else if (id->epoch != epoch_) {
      plan.reset = ResetReason::kOtherEpoch;
    } else if (id->seq > last_seq_) {
      plan.reset = ResetReason::kUnknownId;
    } else if (id->seq + 1 < first_seq) {
      plan.reset = ResetReason::kTooOld;
    } else {
      // Inside the history: everything after the id, whatever since= says.
      plan.resumed = true;
      want_since = false;
      if (id->seq < last_seq_) plan.replay_from = id->seq + 1;
      if (collect) {
        for (auto it = history_.rbegin(); it != history_.rend() && (*it)->seq > id->seq; ++it)
          plan.replay.push_back(*it);
        std::reverse(plan.replay.begin(), plan.replay.end());
      }
    }
  }
  if (want_since) {
    double cutoff = static_cast<double>(clock_.now_ms()) - *req.since_s * 1000.0;
    auto it = history_.rbegin();
    for (; it != history_.rend() && static_cast<double>((*it)->arrival_ms) >= cutoff; ++it)
      if (collect) plan.replay.push_back(*it);
    if (it != history_.rbegin()) plan.replay_from = (*std::prev(it))->seq;
    std::reverse(plan.replay.begin(), plan.replay.end());
  }
  return plan;
}

ResumePlan SseHub::plan_for(const ClientRequest& req) const {
  std::lock_guard lock(mu_);
  return plan_locked(req, true);
}

uint64_t SseHub::replay(uint64_t from, const std::function<void(uint64_t)>& missed,
                        const std::function<bool(const EventPtr&)>& take,
                        const std::function<void()>& live) {
  std::lock_guard lock(mu_);
  uint64_t first = history_.empty() ? last_seq_ + 1 : history_.front()->seq;
  if (from < first) {
    missed(first - from);
    from = first;
  }
  auto it = std::lower_bound(history_.begin(), history_.end(), from,
                             [](const EventPtr& e, uint64_t seq) { return e->seq < seq; });
  for (; it != history_.end(); ++it)
    if (!take(*it)) return (*it)->seq;
  live();
  return last_seq_ + 1;
}

void SseHub::subscribe(const std::shared_ptr<EventSink>& sink, const ClientRequest& req) {
  std::lock_guard lock(mu_);
  ResumePlan plan = plan_locked(req, false);
  if (plan.reset) metrics_.resets.fetch_add(1, std::memory_order_relaxed);
  if (plan.resumed) metrics_.resumes.fetch_add(1, std::memory_order_relaxed);
  sink->start(plan);
  sinks_.push_back(sink);
}

void SseHub::unsubscribe(const EventSink* sink) {
  std::shared_ptr<EventSink> keep;  // destroyed after the lock is released
  std::lock_guard lock(mu_);
  auto it =
      std::find_if(sinks_.begin(), sinks_.end(), [sink](const auto& s) { return s.get() == sink; });
  if (it == sinks_.end()) return;
  keep = std::move(*it);
  *it = std::move(sinks_.back());
  sinks_.pop_back();
}

void SseHub::clear_subscribers() {
  std::vector<std::shared_ptr<EventSink>> gone;
  {
    std::lock_guard lock(mu_);
    gone.swap(sinks_);
  }
  for (const auto& s : gone) s->close();
}

void SseHub::heartbeat() {
  int64_t now = clock_.now_ms();
  std::lock_guard lock(mu_);
  prune_locked(now);
  for (const auto& s : sinks_) s->on_heartbeat();
}

void SseHub::prune() {
  int64_t now = clock_.now_ms();
  std::lock_guard lock(mu_);
  prune_locked(now);
}

HistorySlice SseHub::range(const HistoryRange& range, const ClientRequest& req) const {
  HistorySlice out;
  // Under the lock only the times are looked at and the candidates' pointers copied (newest
  // first, at most kMaxHistoryScan); the filters run after it, so publishing is held up for
  // the copy alone.
  std::vector<EventPtr> candidates;
  {
    std::lock_guard lock(mu_);
    out.kept = time_index_.extent();
    auto by_seq = [](const EventPtr& e, uint64_t seq) { return e->seq < seq; };
    auto spans = time_index_.candidates(range.from_ms, range.until_ms);
    for (auto span = spans.rbegin(); span != spans.rend() && !out.truncated; ++span) {
      auto lo = std::lower_bound(history_.begin(), history_.end(), span->first, by_seq);
      auto hi = std::lower_bound(lo, history_.end(), span->second + 1, by_seq);
      while (hi != lo) {
        const EventPtr& e = *--hi;
        if (e->time_ms < range.from_ms || e->time_ms > range.until_ms) continue;
        if (candidates.size() == kMaxHistoryScan) {
          out.truncated = true;
          break;
        }
        candidates.push_back(e);
      }
    }
  }
  for (auto& e : candidates) {
    if (!req.wants(e->type, e->record)) continue;
    if (out.events.size() == range.limit) {
      out.truncated = true;
      break;
    }
    out.events.push_back(std::move(e));
  }
  std::reverse(out.events.begin(), out.events.end());
  return out;
}

void SseHub::fill_snapshot(MetricsSnapshot& s) const {
  std::lock_guard lock(mu_);
  s.history_events = history_.size();
  s.history_bytes = history_bytes_;
  s.last_seq = last_seq_;
  s.queued_bytes = 0;
  s.max_queued_bytes = 0;
  for (const auto& sink : sinks_) {
    uint64_t q = sink->queued_bytes();
    s.queued_bytes += q;
    s.max_queued_bytes = std::max(s.max_queued_bytes, q);
  }
}

size_t SseHub::subscriber_count() const {
  std::lock_guard lock(mu_);
  return sinks_.size();
}

EventPtr SseHub::latest_trends() const {
  std::lock_guard lock(mu_);
  return latest_trends_;
}

std::string_view event_data(const Event& e) {
  std::string_view f = e.frame;
  size_t at = f.find("\ndata: ");
  if (at == std::string_view::npos) return {};
  f.remove_prefix(at + 7);
  while (!f.empty() && f.back() == '\n') f.remove_suffix(1);
  return f;
}

}  // namespace tweetmap
