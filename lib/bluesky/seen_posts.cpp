#include "bluesky/seen_posts.hpp"

#include <algorithm>

namespace tweetmap::bluesky {

bool SeenPosts::seen(std::string_view uri, int64_t time_us) {
  std::string key(uri);
  if (set_.count(key)) return true;
  newest_us_ = std::max(newest_us_, time_us);
  while (!order_.empty() &&
         (order_.size() >= capacity_ || order_.front().first < newest_us_ - window_us_)) {
    set_.erase(order_.front().second);
    order_.pop_front();
  }
  set_.insert(key);
  order_.emplace_back(time_us, std::move(key));
  return false;
}

}  // namespace tweetmap::bluesky
