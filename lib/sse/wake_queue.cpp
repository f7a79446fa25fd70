#include "sse/wake_queue.hpp"

#include <boost/asio/post.hpp>

namespace tweetmap {

WakeQueue::WakeQueue(boost::asio::any_io_executor ex, size_t chunk)
    : ex_(std::move(ex)), chunk_(chunk > 0 ? chunk : 1) {}

WakeQueue::Hold::Hold(WakeQueue* q) : q_(q) {
  if (q_ == nullptr) return;
  std::lock_guard lock(q_->mu_);
  ++q_->held_;
}

WakeQueue::Hold::~Hold() {
  if (q_ == nullptr) return;
  {
    std::lock_guard lock(q_->mu_);
    if (--q_->held_ > 0 || q_->posted_ || q_->pending_.empty()) return;
    q_->posted_ = true;
  }
  boost::asio::post(q_->ex_, [q = q_] { q->run(); });
}

void WakeQueue::wake(std::shared_ptr<Wakeable> target) {
  {
    std::lock_guard lock(mu_);
    pending_.push_back(std::move(target));
    if (posted_ || held_ > 0) return;
    posted_ = true;
  }
  boost::asio::post(ex_, [this] { run(); });
}

size_t WakeQueue::pending() const {
  std::lock_guard lock(mu_);
  return pending_.size();
}

void WakeQueue::run() {
  std::vector<std::shared_ptr<Wakeable>> mine;
  bool more = false;
  {
    std::lock_guard lock(mu_);
    size_t n = std::min(chunk_, pending_.size());
    mine.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      mine.push_back(std::move(pending_.front()));
      pending_.pop_front();
    }
    more = !pending_.empty();
    posted_ = more;
  }
  if (more) boost::asio::post(ex_, [this] { run(); });
  for (auto& t : mine) t->woken();
}

}  // namespace tweetmap
