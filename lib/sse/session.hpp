// One event-stream client: its bounded queue, lag policy and the socket write loop.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sse/hub.hpp"
#include "sse/metrics.hpp"
#include "sse/query.hpp"
#include "sse/wake_queue.hpp"

namespace tweetmap {

/// Bound of one client's queue: bytes or events (exactly one is non-zero).
struct ClientBuffer {
  size_t max_bytes = 1 << 20;
  size_t max_events = 0;
};
/// Parses "--client-buffer": a plain number is a count of events ("500"); a number with a unit is
/// bytes ("65536B", "64KiB", "64K", "1MiB", "1M"). Errors (kUsage) on zero or anything else.
Result<ClientBuffer> parse_client_buffer(std::string_view s);

/// What to do with a client whose queue is full.
enum class SlowClientPolicy { kDrop, kDisconnect };

/// A client's queue of frames, bounded by a ClientBuffer. Thread-safe (one internal mutex).
/// Live events and replayed history count against the bound (the replay is pulled only while
/// there is room, see push_replay). Past the bound, kDrop drops live events and later queues
/// "event: lag" with the count before the next event that fits; kDisconnect asks for the client
/// to be closed.
class SessionQueue {
 public:
  SessionQueue(ClientBuffer limit, SlowClientPolicy policy, ServerMetrics& metrics);

  enum class Push {
    kQueued,      ///< queued, a write is already under way
    kWake,        ///< queued, and the caller must start the writer
    kDropped,     ///< dropped (queue full, drop policy)
    kDisconnect,  ///< queue full under the disconnect policy: close the client (reported once)
    kClosed,      ///< the queue was closed
  };
  /// Queues a live event frame (counted against the bound).
  Push push_event(Frame f);
  /// Queues several live event frames under one lock (and empties `frames`). Returns kDisconnect
  /// if the bound was hit under that policy, else kWake if the writer must be started, else
  /// kClosed, kDropped (some were dropped) or kQueued.
  Push push_events(std::vector<Frame>& frames);
  /// Queues a frame that is not counted against the bound (preamble, reset).
  Push push_uncounted(Frame f, bool is_event);
  /// Queues a replayed event counted against the bound if it fits (always when nothing counted is
  /// queued). False when it does not fit (pull it again later) or the queue is closed.
  bool push_replay(Frame f);
  /// Replayed events that left the history before the client could take them: under kDrop they
  /// are reported as dropped (the next "event: lag"), under kDisconnect the client is closed.
  Push replay_missed(uint64_t n);
  /// Queues a heartbeat comment only when nothing is queued or being written.
  Push push_heartbeat(const Frame& f);

  /// Writer side: moves frames (up to about `max_bytes`) into `out` (emptied first); the writer
  /// keeps them until they are written. Returns false, and marks the writer idle, when there is
  /// nothing to write.
  bool take(std::vector<Frame>& out, size_t max_bytes);
  /// Writer side: the frames last taken were written.
  void written();
  /// written() then take(), under one lock.
  bool written_and_take(std::vector<Frame>& out, size_t max_bytes);

  /// Closes the queue: later pushes return kClosed, queued frames are released.
  void close();
  size_t queued_bytes() const;
  uint64_t dropped_total() const;

 private:
  struct Item {
    Frame frame;
    bool counted;
    bool is_event;
  };
  /// What the writer took and has not written yet.
  struct InFlight {
    size_t bytes = 0;
    size_t counted_bytes = 0;
    size_t counted_events = 0;
    uint64_t events = 0;
  };
  Push enqueue_locked(Item item);
  bool take_locked(std::vector<Frame>& out, size_t max_bytes);
  void retire_locked();
  Push push_event_locked(Frame f);
  bool full_locked(size_t next_bytes) const;

  const ClientBuffer limit_;
  const SlowClientPolicy policy_;
  ServerMetrics& metrics_;
  mutable std::mutex mu_;
  std::deque<Item> queue_;
  size_t counted_bytes_ = 0;   // counted frames queued or in flight
  size_t counted_events_ = 0;  // counted events queued or in flight
  size_t total_bytes_ = 0;     // every frame queued or in flight
  InFlight flight_;
  uint64_t pending_drops_ = 0;  // dropped since the last lag notice
  uint64_t dropped_total_ = 0;
  bool writing_ = false;
  bool closed_ = false;
  bool disconnect_reported_ = false;
};

class SseHub;

/// Settings shared by every event-stream session.
struct SessionSettings {
  ClientBuffer buffer;
  SlowClientPolicy policy = SlowClientPolicy::kDrop;
  int retry_ms = 3000;  ///< the "retry:" hint sent once
  /// Wakes the writers of clients with something new, a chunk per handler (null: one handler
  /// posted per client).
  WakeQueue* wakes = nullptr;
};

/// A connected event-stream client: a sink of the hub driving its own socket. The socket's
/// executor must be a strand (every member runs on it). Lifetime: owned by the hub while
/// subscribed and by pending handlers.
///
/// History asked for (since=, Last-Event-ID) is pulled from the hub as the socket drains, within
/// the client's buffer; live events are queued once the replay has caught up. A close asked for
/// by the server (shutdown, --slow-client disconnect) ends on a frame boundary: the frame being
/// written is finished first, then the stream ends with a FIN; a client that takes none of it
/// for kCloseGraceMs is reset instead.
class SseSession : public EventSink,
                   public Wakeable,
                   public std::enable_shared_from_this<SseSession> {
 public:
  SseSession(boost::asio::ip::tcp::socket socket, ClientRequest req,
             const SessionSettings& settings, SseHub& hub, ServerMetrics& metrics);
  ~SseSession() override;

  /// Writes `response_head` (the HTTP response header), subscribes to the hub and starts the
  /// write and close-detection loops. Call on the socket's strand.
  void run(std::string response_head);
  /// Ends the stream after the frame being written (thread-safe; posted to the strand).
  void close_async();
  /// How long a closing stream waits for the client to take the rest of its frame.
  static constexpr int kCloseGraceMs = 2000;

  void start(const ResumePlan& plan) override;
  void on_events(const std::vector<EventPtr>& events) override;
  void on_heartbeat() override;
  size_t queued_bytes() const override { return queue_.queued_bytes(); }
  void close() override { close_async(); }
  /// From settings.wakes: runs the writer (on the strand, at once when the strand is free).
  void woken() override;

 private:
  void handle_push(SessionQueue::Push p);
  void wake();
  void write_more();
  void write_batch();
  void advance(size_t n);
  void on_written(boost::system::error_code ec, size_t n);
  void refill_replay();
  void read_more();
  void close_graceful();
  void finish_close();
  void close_now(bool reset);

  boost::asio::ip::tcp::socket socket_;
  const ClientRequest req_;
  const SessionSettings& settings_;
  SseHub& hub_;
  ServerMetrics& metrics_;
  SessionQueue queue_;
  std::vector<Frame> batch_;
  std::vector<Frame> incoming_;  // on_events scratch (hub lock held)
  std::vector<boost::asio::const_buffer> buffers_;
  std::array<char, 64> read_buf_{};
  boost::asio::steady_timer close_timer_;
  std::atomic<bool> replaying_{false};  // changed with the hub lock held (start, replay)
  uint64_t replay_next_ = 0;            // strand only: next history sequence to replay
  size_t frame_index_ = 0;              // strand only: frame of batch_ being written
  size_t frame_off_ = 0;                // strand only: bytes of it already written
  bool writing_ = false;                // strand only: a write is in flight
  bool closing_ = false;                // strand only: ending after the current frame
  bool closed_ = false;                 // strand only
};

}  // namespace tweetmap
