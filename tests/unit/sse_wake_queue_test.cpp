#include "sse/wake_queue.hpp"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

using namespace tweetmap;

namespace {

struct Log {
  std::mutex mu;
  std::vector<int> woken;
};

class Target : public Wakeable {
 public:
  Target(Log& log, int id) : log_(log), id_(id) {}
  void woken() override {
    std::lock_guard lock(log_.mu);
    log_.woken.push_back(id_);
  }

 private:
  Log& log_;
  int id_;
};

// Two targets that each wait (up to 10 s) until both are being woken at the same time.
struct Meeting {
  std::mutex mu;
  std::condition_variable cv;
  int inside = 0;
  int met = 0;
};

class MeetingTarget : public Wakeable {
 public:
  explicit MeetingTarget(Meeting& m) : m_(m) {}
  void woken() override {
    std::unique_lock lock(m_.mu);
    ++m_.inside;
    m_.cv.notify_all();
    if (m_.cv.wait_for(lock, std::chrono::seconds(10), [&] { return m_.inside >= 2; })) ++m_.met;
  }

 private:
  Meeting& m_;
};

}  // namespace

TEST_CASE("sse_wake_queue: every target is woken once, oldest first, a chunk per handler") {
  boost::asio::io_context ioc;
  WakeQueue q(ioc.get_executor(), 32);
  Log log;
  for (int i = 0; i < 100; ++i) q.wake(std::make_shared<Target>(log, i));
  CHECK(q.pending() == 100);
  // 100 targets in chunks of 32: four handlers, however many wake() calls.
  CHECK(ioc.run() == 4);
  CHECK(q.pending() == 0);
  REQUIRE(log.woken.size() == 100);
  for (int i = 0; i < 100; ++i) CHECK(log.woken[static_cast<size_t>(i)] == i);

  // Drained: the next wake posts a handler again; a target queued twice is woken twice.
  auto t = std::make_shared<Target>(log, 7);
  q.wake(t);
  q.wake(t);
  ioc.restart();
  CHECK(ioc.run() == 1);
  CHECK(log.woken.size() == 102);
}

TEST_CASE("sse_wake_queue: wakes under a hold are posted when it ends, in full chunks") {
  boost::asio::io_context ioc;
  WakeQueue q(ioc.get_executor(), 32);
  Log log;
  {
    WakeQueue::Hold outer(&q);
    {
      WakeQueue::Hold inner(&q);
      q.wake(std::make_shared<Target>(log, 0));
    }
    // Still held by the outer hold: nothing is posted, so nothing runs.
    CHECK(ioc.poll() == 0);
    for (int i = 1; i < 64; ++i) q.wake(std::make_shared<Target>(log, i));
    ioc.restart();
    CHECK(ioc.poll() == 0);
    CHECK(q.pending() == 64);
  }
  // 64 targets in two handlers of 32.
  ioc.restart();
  CHECK(ioc.run() == 2);
  CHECK(log.woken.size() == 64);
  // A hold of nothing posts nothing; a null hold is no hold.
  { WakeQueue::Hold none(&q); }
  { WakeQueue::Hold null(nullptr); }
  ioc.restart();
  CHECK(ioc.poll() == 0);
}

TEST_CASE("sse_wake_queue: the chunks of one wake-up run on several threads at once") {
  boost::asio::io_context ioc;
  WakeQueue q(ioc.get_executor(), 1);
  Meeting m;
  q.wake(std::make_shared<MeetingTarget>(m));
  q.wake(std::make_shared<MeetingTarget>(m));
  // The first handler posts the second before it wakes its target, so the second thread takes
  // the other target while the first is still inside woken().
  std::thread other([&] { ioc.run(); });
  ioc.run();
  other.join();
  CHECK(m.met == 2);
}
