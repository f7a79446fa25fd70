#include "sse/session.hpp"

#include <fmt/format.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <charconv>

#include "core/log.hpp"

namespace tweetmap {
namespace net = boost::asio;

namespace {

const Frame& heartbeat_frame() {
  static const Frame f = std::make_shared<const std::string>(": keep-alive\n\n");
  return f;
}

Frame lag_frame(uint64_t dropped) {
  return std::make_shared<const std::string>(
      fmt::format("event: lag\ndata: {{\"dropped\":{}}}\n\n", dropped));
}

// Bytes per write: large enough to batch many events in one syscall, small enough to interleave
// clients fairly.
constexpr size_t kMaxBatchBytes = 256 * 1024;
constexpr int kSocketSendBuffer = 128 * 1024;

}  // namespace

Result<ClientBuffer> parse_client_buffer(std::string_view s) {
  uint64_t n = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), n);
  if (r.ec != std::errc{} || n == 0)
    return usage_error(fmt::format("bad --client-buffer '{}' (e.g. 500 events, 64KiB, 1MiB)", s));
  std::string unit(r.ptr, s.data() + s.size());
  for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  ClientBuffer b{0, 0};
  uint64_t mult = 0;
  if (unit.empty()) {
    b.max_events = n;
    return b;
  }
  if (unit == "b")
    mult = 1;
  else if (unit == "k" || unit == "kib" || unit == "kb")
    mult = 1024;
  else if (unit == "m" || unit == "mib" || unit == "mb")
    mult = 1024 * 1024;
  else if (unit == "g" || unit == "gib" || unit == "gb")
    mult = 1024ull * 1024 * 1024;
  else
    return usage_error(fmt::format("bad --client-buffer unit in '{}' (B, KiB, MiB, GiB)", s));
  b.max_bytes = n * mult;
  return b;
}

SessionQueue::SessionQueue(ClientBuffer limit, SlowClientPolicy policy, ServerMetrics& metrics)
    : limit_(limit), policy_(policy), metrics_(metrics) {}

bool SessionQueue::full_locked(size_t next_bytes) const {
  if (limit_.max_events > 0) return counted_events_ + 1 > limit_.max_events;
  return counted_bytes_ + next_bytes > limit_.max_bytes;
}

SessionQueue::Push SessionQueue::enqueue_locked(Item item) {
  if (item.counted) {
    counted_bytes_ += item.frame->size();
    if (item.is_event) ++counted_events_;
  }
  total_bytes_ += item.frame->size();
  queue_.push_back(std::move(item));
  if (writing_) return Push::kQueued;
  writing_ = true;
  return Push::kWake;
}

SessionQueue::Push SessionQueue::push_event(Frame f) {
  std::lock_guard lock(mu_);
  return push_event_locked(std::move(f));
}

SessionQueue::Push SessionQueue::push_events(std::vector<Frame>& frames) {
  std::lock_guard lock(mu_);
  bool wake = false, dropped = false;
  Push stop = Push::kQueued;
  for (auto& f : frames) {
    Push p = push_event_locked(std::move(f));
    if (p == Push::kWake) wake = true;
    if (p == Push::kDropped) dropped = true;
    if (p == Push::kDisconnect || p == Push::kClosed) {
      stop = p;
      break;
    }
  }
  frames.clear();
  if (stop == Push::kDisconnect) return stop;  // closing: no need to wake the writer
  if (wake) return Push::kWake;
  if (stop == Push::kClosed) return stop;
  return dropped ? Push::kDropped : Push::kQueued;
}

SessionQueue::Push SessionQueue::push_event_locked(Frame f) {
  if (closed_) return Push::kClosed;
  size_t lag_bytes = pending_drops_ > 0 ? 40 : 0;
  if (full_locked(f->size() + lag_bytes)) {
    if (policy_ == SlowClientPolicy::kDisconnect) {
      if (disconnect_reported_) return Push::kClosed;
      disconnect_reported_ = true;
      return Push::kDisconnect;
    }
    ++pending_drops_;
    ++dropped_total_;
    metrics_.events_dropped.fetch_add(1, std::memory_order_relaxed);
    return Push::kDropped;
  }
  Push result = Push::kQueued;
  if (pending_drops_ > 0) {
    metrics_.lag_notices.fetch_add(1, std::memory_order_relaxed);
    result = enqueue_locked(Item{lag_frame(pending_drops_), true, false});
    pending_drops_ = 0;
  }
  Push p = enqueue_locked(Item{std::move(f), true, true});
  return result == Push::kWake ? result : p;
}

SessionQueue::Push SessionQueue::push_uncounted(Frame f, bool is_event) {
  std::lock_guard lock(mu_);
  if (closed_) return Push::kClosed;
  return enqueue_locked(Item{std::move(f), false, is_event});
}

bool SessionQueue::push_replay(Frame f) {
  std::lock_guard lock(mu_);
  if (closed_) return false;
  size_t lag_bytes = pending_drops_ > 0 ? 40 : 0;
  bool empty = counted_bytes_ == 0 && counted_events_ == 0;
  if (!empty && full_locked(f->size() + lag_bytes)) return false;
  if (pending_drops_ > 0) {
    metrics_.lag_notices.fetch_add(1, std::memory_order_relaxed);
    enqueue_locked(Item{lag_frame(pending_drops_), true, false});
    pending_drops_ = 0;
  }
  enqueue_locked(Item{std::move(f), true, true});
  return true;
}

SessionQueue::Push SessionQueue::replay_missed(uint64_t n) {
  std::lock_guard lock(mu_);
  if (closed_) return Push::kClosed;
  if (policy_ == SlowClientPolicy::kDisconnect) {
    if (disconnect_reported_) return Push::kClosed;
    disconnect_reported_ = true;
    return Push::kDisconnect;
  }
  pending_drops_ += n;
  dropped_total_ += n;
  metrics_.events_dropped.fetch_add(n, std::memory_order_relaxed);
  return Push::kDropped;
}

SessionQueue::Push SessionQueue::push_heartbeat(const Frame& f) {
  std::lock_guard lock(mu_);
  if (closed_) return Push::kClosed;
  if (writing_ || !queue_.empty()) return Push::kQueued;
  metrics_.heartbeats.fetch_add(1, std::memory_order_relaxed);
  return enqueue_locked(Item{f, false, false});
}

bool SessionQueue::take(std::vector<Frame>& out, size_t max_bytes) {
  std::lock_guard lock(mu_);
  return take_locked(out, max_bytes);
}

bool SessionQueue::written_and_take(std::vector<Frame>& out, size_t max_bytes) {
  std::lock_guard lock(mu_);
  retire_locked();
  return take_locked(out, max_bytes);
}

bool SessionQueue::take_locked(std::vector<Frame>& out, size_t max_bytes) {
  out.clear();
  if (closed_) {
    writing_ = false;
    return false;
  }
  if (queue_.empty() && pending_drops_ > 0) {
    // The client caught up after dropping: tell it now rather than at the next event.
    metrics_.lag_notices.fetch_add(1, std::memory_order_relaxed);
    Frame lf = lag_frame(pending_drops_);
    pending_drops_ = 0;
    counted_bytes_ += lf->size();
    total_bytes_ += lf->size();
    queue_.push_back(Item{std::move(lf), true, false});
  }
  // The frames move to the writer, which keeps them alive until they are written; only their
  // sizes stay here, for the accounting of written().
  size_t bytes = 0;
  while (!queue_.empty() && (bytes == 0 || bytes + queue_.front().frame->size() <= max_bytes)) {
    Item& item = queue_.front();
    size_t n = item.frame->size();
    bytes += n;
    if (item.counted) {
      flight_.counted_bytes += n;
      if (item.is_event) ++flight_.counted_events;
    }
    if (item.is_event) ++flight_.events;
    out.push_back(std::move(item.frame));
    queue_.pop_front();
  }
  flight_.bytes += bytes;
  if (out.empty()) {
    writing_ = false;
    return false;
  }
  return true;
}

void SessionQueue::written() {
  std::lock_guard lock(mu_);
  retire_locked();
}

void SessionQueue::retire_locked() {
  total_bytes_ -= flight_.bytes;
  counted_bytes_ -= flight_.counted_bytes;
  counted_events_ -= flight_.counted_events;
  if (flight_.events) metrics_.events_out.fetch_add(flight_.events, std::memory_order_relaxed);
  if (flight_.bytes) metrics_.bytes_out.fetch_add(flight_.bytes, std::memory_order_relaxed);
  flight_ = InFlight{};
}

void SessionQueue::close() {
  std::deque<Item> gone;  // released after the lock
  std::lock_guard lock(mu_);
  closed_ = true;
  gone.swap(queue_);
  flight_ = InFlight{};
  counted_bytes_ = counted_events_ = total_bytes_ = 0;
}

size_t SessionQueue::queued_bytes() const {
  std::lock_guard lock(mu_);
  return total_bytes_;
}

uint64_t SessionQueue::dropped_total() const {
  std::lock_guard lock(mu_);
  return dropped_total_;
}

// ---- SseSession ----

SseSession::SseSession(net::ip::tcp::socket socket, ClientRequest req,
                       const SessionSettings& settings, SseHub& hub, ServerMetrics& metrics)
    : socket_(std::move(socket)),
      req_(std::move(req)),
      settings_(settings),
      hub_(hub),
      metrics_(metrics),
      queue_(settings.buffer, settings.policy, metrics),
      close_timer_(socket_.get_executor()) {
  metrics_.clients.fetch_add(1, std::memory_order_relaxed);
  metrics_.clients_total.fetch_add(1, std::memory_order_relaxed);
}

SseSession::~SseSession() { metrics_.clients.fetch_sub(1, std::memory_order_relaxed); }

void SseSession::run(std::string response_head) {
  // Bound what the kernel holds for this client, so that a slow client reaches its --client-buffer
  // (and the lag policy) after a fraction of a second rather than after megabytes of stale events.
  boost::system::error_code ec;
  socket_.set_option(net::socket_base::send_buffer_size(kSocketSendBuffer), ec);
  socket_.non_blocking(true, ec);  // write_batch writes at once what the socket takes
  response_head += fmt::format(": ok\nretry: {}\n\n", settings_.retry_ms);
  handle_push(
      queue_.push_uncounted(std::make_shared<const std::string>(std::move(response_head)), false));
  hub_.subscribe(shared_from_this(), req_);
  read_more();
}

void SseSession::start(const ResumePlan& plan) {
  if (plan.reset) {
    std::string f =
        fmt::format("event: reset\nid: {}\ndata: {{\"reason\":\"{}\",\"id\":\"{}\"}}\n\n",
                    format_event_id(plan.position), reset_reason_name(*plan.reset),
                    format_event_id(plan.position));
    handle_push(queue_.push_uncounted(std::make_shared<const std::string>(std::move(f)), false));
  }
  // The history is pulled by the writer (refill_replay) as the socket drains; until it has caught
  // up, live events are left to it (they are in the history too).
  replay_next_ = plan.replay_from;
  replaying_.store(plan.replay_from != 0);
}

void SseSession::on_events(const std::vector<EventPtr>& events) {
  if (replaying_.load()) return;  // the replay reaches them through the history
  for (const auto& e : events)
    if (req_.wants(e->type, e->record)) incoming_.push_back(frame_of(e));
  if (incoming_.empty()) return;
  auto p = queue_.push_events(incoming_);
  if (p == SessionQueue::Push::kWake || p == SessionQueue::Push::kDisconnect) handle_push(p);
}

void SseSession::on_heartbeat() { handle_push(queue_.push_heartbeat(heartbeat_frame())); }

void SseSession::handle_push(SessionQueue::Push p) {
  if (p == SessionQueue::Push::kWake) {
    wake();
  } else if (p == SessionQueue::Push::kDisconnect) {
    metrics_.slow_disconnects.fetch_add(1, std::memory_order_relaxed);
    log_info("closing a client that fell {} bytes behind", queue_.queued_bytes());
    close_async();
  }
}

void SseSession::wake() {
  if (settings_.wakes) return settings_.wakes->wake(shared_from_this());
  net::post(socket_.get_executor(), [self = shared_from_this()] { self->write_more(); });
}

void SseSession::woken() {
  net::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->write_more(); });
}

void SseSession::refill_replay() {
  replay_next_ = hub_.replay(
      replay_next_, [this](uint64_t n) { handle_push(queue_.replay_missed(n)); },
      [this](const EventPtr& e) {
        return !req_.wants(e->type, e->record) || queue_.push_replay(frame_of(e));
      },
      [this] { replaying_.store(false); });
}

void SseSession::write_more() {
  // A loop rather than a chain of completions: a write that the socket takes at once goes on to
  // the next batch here, on the strand, without a round trip through the reactor.
  while (!closed_ && !writing_) {
    if (closing_ && frame_off_ == 0) return finish_close();
    if (frame_index_ == batch_.size()) {
      batch_.clear();
      frame_index_ = 0;
      frame_off_ = 0;
      if (replaying_.load()) {
        queue_.written();  // the history is pulled into the room the written frames leave
        refill_replay();
      }
      if (!queue_.written_and_take(batch_, kMaxBatchBytes)) return;
    }
    write_batch();
  }
}

void SseSession::write_batch() {
  buffers_.clear();
  for (size_t i = frame_index_; i < batch_.size(); ++i) {
    size_t off = i == frame_index_ ? frame_off_ : 0;
    buffers_.emplace_back(batch_[i]->data() + off, batch_[i]->size() - off);
    if (closing_) break;  // only the rest of the frame under way
  }
  // Written now when the socket has room (the socket is non-blocking): most writes are taken
  // whole, and need no reactor registration nor completion handler. The rest waits for room.
  boost::system::error_code ec;
  size_t n = buffers_.size() == 1 ? socket_.write_some(buffers_.front(), ec)
                                  : socket_.write_some(buffers_, ec);
  if (!ec) return advance(n);
  if (ec != net::error::would_block && ec != net::error::try_again) return close_now(false);
  writing_ = true;
  socket_.async_write_some(buffers_,
                           [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                             self->on_written(ec, n);
                           });
}

void SseSession::advance(size_t n) {
  while (n > 0 && frame_index_ < batch_.size()) {
    size_t left = batch_[frame_index_]->size() - frame_off_;
    if (n < left) {
      frame_off_ += n;
      break;
    }
    n -= left;
    ++frame_index_;
    frame_off_ = 0;
  }
}

void SseSession::on_written(boost::system::error_code ec, size_t n) {
  writing_ = false;
  if (closed_) return;
  if (ec) return close_now(false);
  advance(n);
  write_more();
}

void SseSession::read_more() {
  // The client sends nothing after its request; a read completes only when it goes away (or
  // misbehaves, which is ignored).
  socket_.async_read_some(net::buffer(read_buf_),
                          [self = shared_from_this()](boost::system::error_code ec, size_t) {
                            if (ec) {
                              self->close_now(false);
                              return;
                            }
                            self->read_more();
                          });
}

void SseSession::close_async() {
  net::post(socket_.get_executor(), [self = shared_from_this()] { self->close_graceful(); });
}

void SseSession::close_graceful() {
  if (closed_ || closing_) return;
  closing_ = true;
  queue_.close();  // nothing more is queued; the frames under way stay alive in batch_
  hub_.unsubscribe(this);
  if (!writing_) return finish_close();
  close_timer_.expires_after(std::chrono::milliseconds(kCloseGraceMs));
  close_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) self->close_now(true);  // the client took nothing for the grace period
  });
}

void SseSession::finish_close() {
  if (closed_) return;
  closed_ = true;
  close_timer_.cancel();
  boost::system::error_code ec;
  // Whole frames only are left in the kernel: they are delivered, then the FIN.
  socket_.shutdown(net::ip::tcp::socket::shutdown_send, ec);
  socket_.close(ec);
  batch_.clear();
}

void SseSession::close_now(bool reset) {
  if (closed_) return;
  closed_ = true;
  close_timer_.cancel();
  queue_.close();
  hub_.unsubscribe(this);
  boost::system::error_code ec;
  if (reset) {
    // A frame is cut in the kernel's buffer: drop it with a reset rather than end the stream
    // cleanly after half a frame.
    socket_.set_option(net::socket_base::linger(true, 0), ec);
  } else {
    socket_.shutdown(net::ip::tcp::socket::shutdown_both, ec);
  }
  socket_.close(ec);
  batch_.clear();
}

}  // namespace tweetmap
