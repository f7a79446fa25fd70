// Wakes many event-stream writers with few handlers. Publishing one event to a thousand clients
// used to post a thousand handlers from the publishing thread (each an allocation, a lock of the
// io_context's queue and often a thread wake-up); the queue takes the clients instead and posts
// one handler per chunk of them.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace tweetmap {

/// Something a WakeQueue wakes (an event-stream session with frames to write).
class Wakeable {
 public:
  virtual ~Wakeable() = default;
  /// Called on a thread running the queue's executor (not on any strand of the target).
  virtual void woken() = 0;
};

/// Thread-safe. wake() queues a target; handlers posted to the executor take up to `chunk`
/// targets each, oldest first, and call woken() on them, one at a time. While targets are
/// waiting exactly one handler is posted and not yet started; it posts the next before it calls
/// its targets, so that every thread of the executor can take a chunk at once. A target queued
/// twice is woken twice (its own state says whether it has anything left to do). While a Hold
/// lives, wake() only queues: the handler is posted when the last Hold ends, so that the
/// targets of one publish are taken in full chunks, not one or two at a time by a handler that
/// started while the publisher was still queuing them (a thread wake-up per handler).
class WakeQueue {
 public:
  static constexpr size_t kDefaultChunk = 32;
  explicit WakeQueue(boost::asio::any_io_executor ex, size_t chunk = kDefaultChunk);

  /// Holds back the handlers of the wake() calls made while it lives (from any thread).
  class Hold {
   public:
    explicit Hold(WakeQueue* q);  // null: holds nothing
    ~Hold();
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    WakeQueue* q_;
  };

  void wake(std::shared_ptr<Wakeable> target);
  /// Targets queued and not yet taken by a handler.
  size_t pending() const;

 private:
  void run();

  boost::asio::any_io_executor ex_;
  const size_t chunk_;
  mutable std::mutex mu_;
  std::deque<std::shared_ptr<Wakeable>> pending_;
  bool posted_ = false;  // a handler is posted and has not taken its chunk yet
  int held_ = 0;         // Holds alive
};

}  // namespace tweetmap
