#include "trends/window.hpp"

#include <algorithm>

namespace tweetmap {

TrendWindow::TrendWindow(int64_t bucket_ms, int64_t window_buckets, int64_t lateness_ms)
    : bucket_ms_(std::max<int64_t>(bucket_ms, 1)),
      window_(std::max<int64_t>(window_buckets, 1)),
      lateness_ms_(std::max<int64_t>(lateness_ms, 0)),
      lateness_buckets_((lateness_ms_ + bucket_ms_ - 1) / bucket_ms_) {}

int64_t TrendWindow::bucket_of(int64_t ts) const {
  int64_t q = ts / bucket_ms_;
  return (ts % bucket_ms_ < 0) ? q - 1 : q;
}

void TrendWindow::observe(int64_t ts) {
  if (!started_) {
    started_ = true;
    max_ts_ = ts;
    // The first snapshot ends at the first boundary after the watermark; records back to the
    // start of the watermark's bucket still count.
    first_ = bucket_of(watermark());
    next_end_ = first_ + 1;
    return;
  }
  max_ts_ = std::max(max_ts_, ts);
}

int64_t TrendWindow::advance() {
  const int64_t leaving = next_end_ - window_;
  ++next_end_;
  return leaving;
}

int64_t TrendWindow::due_count() const {
  if (!started_) return 0;
  const int64_t wm_bucket = bucket_of(watermark());
  return std::max<int64_t>(0, wm_bucket - next_end_ + 1);
}

int64_t TrendWindow::effective_window(int64_t end) const {
  return std::clamp<int64_t>(end - first_, 0, window_);
}

int64_t TrendWindow::history_buckets(int64_t end) const {
  return std::max<int64_t>(0, end - window_ - first_);
}

}  // namespace tweetmap
