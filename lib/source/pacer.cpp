#include "source/pacer.hpp"

namespace tweetmap {

int64_t Pacer::delay_ms(int64_t ts_ms) {
  int64_t now = clock_.mono_ms();
  if (!started_) {
    started_ = true;
    base_ts_ = wall_anchored_ ? clock_.now_ms() : ts_ms;
    base_mono_ = now;
    if (!wall_anchored_) return 0;
  }
  auto due = base_mono_ + static_cast<int64_t>(static_cast<double>(ts_ms - base_ts_) / speed_);
  return due > now ? due - now : 0;
}

bool Pacer::wait(int64_t ts_ms) {
  int64_t d = delay_ms(ts_ms);
  return d <= 0 || clock_.sleep_ms(d);
}

}  // namespace tweetmap
