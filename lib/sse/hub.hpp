// The SSE hub: turns input lines into events, keeps a bounded history for resume, and fans events
// out to the subscribed clients. Each event is serialized once; every client shares the frame.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "core/clock.hpp"
#include "core/record.hpp"
#include "sse/metrics.hpp"
#include "sse/query.hpp"
#include "sse/time_index.hpp"

namespace tweetmap {

/// One published event. Immutable once built; shared between the history and client queues.
struct Event {
  uint64_t seq = 0;        ///< 1, 2, ... within this server epoch
  int64_t arrival_ms = 0;  ///< wall-clock time the line was read (for since= and history age)
  int64_t time_ms = 0;     ///< event time (for /history): the line's `ts`, else arrival_ms
  size_t bytes = 0;        ///< what it costs in memory, about (for --history-bytes)
  std::string type;        ///< "tweet" or the record's `type`
  Record record;           ///< parsed fields, for the per-client filters
  std::string frame;       ///< "event: ...\nid: ...\ndata: ...\n\n"
};
using EventPtr = std::shared_ptr<const Event>;
/// A serialized SSE frame shared between clients (often aliasing an Event).
using Frame = std::shared_ptr<const std::string>;

/// The frame of an event, sharing ownership with it (no copy, no allocation).
inline Frame frame_of(const EventPtr& e) { return Frame(e, &e->frame); }

/// Why a resume could not be served from the history.
enum class ResetReason { kUnknownId, kOtherEpoch, kTooOld };
std::string_view reset_reason_name(ResetReason r);

/// What a new subscriber gets before the live stream. Computed atomically with its registration.
struct ResumePlan {
  std::optional<ResetReason> reset;  ///< send a reset event first
  EventId position;                  ///< the id of the newest event (for the reset event's id)
  std::vector<EventPtr> replay;      ///< events to send, oldest first (not yet filtered; only
                                     ///< filled by plan_for, subscribers pull with replay())
  uint64_t replay_from = 0;          ///< sequence of the first event to replay (0 = none)
  bool resumed = false;              ///< replay continues a Last-Event-ID without a gap
};

/// A subscriber. Methods are called with the hub lock held, from the publishing thread (or the
/// subscribing one for start()); they must not block nor call back into the hub.
class EventSink {
 public:
  virtual ~EventSink() = default;
  /// Called once on subscribe, before any on_events().
  virtual void start(const ResumePlan& plan) = 0;
  /// New live events, oldest first.
  virtual void on_events(const std::vector<EventPtr>& events) = 0;
  /// The periodic heartbeat tick.
  virtual void on_heartbeat() = 0;
  /// Bytes waiting in this sink's queue (for metrics).
  virtual size_t queued_bytes() const = 0;
  /// Asks the sink to end its stream (thread-safe; called without the hub lock).
  virtual void close() = 0;
};

/// History bounds: at most max_events (0 = keep none), none older than max_seconds (0 = no age
/// bound), and at most max_bytes of memory for the kept events (Event::bytes: frame, parsed
/// record, bookkeeping). The oldest go first when any bound is reached.
struct HistoryLimits {
  size_t max_events = 7200000;  // an hour at 2,000 events/s
  double max_seconds = 3600;
  uint64_t max_bytes = uint64_t{1} << 30;
};

struct HistoryRange;
struct HistorySlice;

/// Thread-safe. One reader thread calls make_event()/publish(); any thread may subscribe.
class SseHub {
 public:
  /// `epoch` identifies this server run in event ids (e.g. its start time in ms).
  SseHub(uint64_t epoch, HistoryLimits limits, Clock& clock, ServerMetrics& metrics);

  uint64_t epoch() const { return epoch_; }

  /// Turns one input line into an event with the next sequence number, or nullptr when the line is
  /// not a JSON object (counted in metrics, `why` set). Only one thread may call this (it owns the
  /// parser and the sequence counter), and events must be published in the order made.
  EventPtr make_event(std::string_view line, bool padded, std::string* why = nullptr);

  /// Appends events to the history and hands them to every subscriber.
  void publish(const std::vector<EventPtr>& events);

  /// Registers `sink` and starts it with what `req` asks for (resume, reset, since=), atomically
  /// with respect to publish(): no event is missed or sent twice.
  void subscribe(const std::shared_ptr<EventSink>& sink, const ClientRequest& req);
  /// One step of a subscriber's replay, paced by its socket: hands `take` the history events from
  /// sequence `from` on, oldest first, until it returns false. Events from `from` that already left
  /// the history are reported first to `missed` (their count). When every event was taken, `live`
  /// is called before the lock is released: the subscriber gets every later event by on_events().
  /// Returns the sequence to continue from. The callbacks run with the hub lock held.
  uint64_t replay(uint64_t from, const std::function<void(uint64_t)>& missed,
                  const std::function<bool(const EventPtr&)>& take,
                  const std::function<void()>& live);
  /// Removes `sink` (no-op if absent).
  void unsubscribe(const EventSink* sink);
  /// Removes and closes every subscriber (at shutdown).
  void clear_subscribers();

  /// Ages the history and calls on_heartbeat() on every subscriber.
  void heartbeat();
  /// Ages the history by --history-seconds.
  void prune();

  /// The last `range.limit` kept events (in arrival order) whose time is in the range and that
  /// `req` wants, oldest first (GET /history). Whole blocks outside the range are skipped.
  HistorySlice range(const HistoryRange& range, const ClientRequest& req) const;

  void fill_snapshot(MetricsSnapshot& s) const;
  size_t subscriber_count() const;
  /// The newest `trends` event published (null before the first), for `GET /trends`.
  EventPtr latest_trends() const;

  /// Computes what a client resuming from `req` gets (exposed for tests). Caller holds no lock.
  ResumePlan plan_for(const ClientRequest& req) const;

 private:
  ResumePlan plan_locked(const ClientRequest& req, bool collect) const;
  void prune_locked(int64_t now_ms);

  const uint64_t epoch_;
  const HistoryLimits limits_;
  Clock& clock_;
  ServerMetrics& metrics_;
  RecordParser parser_;               // reader thread only
  uint64_t next_seq_ = 1;             // reader thread only
  simdjson::dom::parser dom_parser_;  // reader thread only

  mutable std::mutex mu_;
  std::deque<EventPtr> history_;
  TimeIndex time_index_;
  uint64_t history_bytes_ = 0;
  uint64_t last_seq_ = 0;
  std::vector<std::shared_ptr<EventSink>> sinks_;
  EventPtr latest_trends_;
};

/// Builds the frame "event: TYPE\nid: ID\ndata: LINE\n\n" (carriage returns in LINE become spaces,
/// which is only JSON whitespace there, so the frame cannot be split).
std::string build_event_frame(std::string_view type, const EventId& id, std::string_view line);
/// The `data:` of an event's frame: its input line (carriage returns as spaces).
std::string_view event_data(const Event& e);

}  // namespace tweetmap
