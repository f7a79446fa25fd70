// The posts of the last moments of a Jetstream stream, so that the overlap a resumed connection
// replays (its cursor lies a little before the last event) writes no post twice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

namespace tweetmap::bluesky {

/// A set of AT URIs keyed by the relay time of their event, forgetting the ones older than
/// `window_us` before the newest time seen, and the oldest ones beyond `capacity` entries.
/// Memory: at most `capacity` URIs. Not thread-safe.
class SeenPosts {
 public:
  static constexpr int64_t kDefaultWindowUs = 30LL * 1000 * 1000;
  static constexpr size_t kDefaultCapacity = 100000;

  explicit SeenPosts(int64_t window_us = kDefaultWindowUs, size_t capacity = kDefaultCapacity)
      : window_us_(window_us), capacity_(capacity ? capacity : 1) {}

  /// True when `uri` was passed before (and is still remembered); otherwise remembers it, at
  /// `time_us`, and returns false. The same commit carries different times on different
  /// Jetstream instances, so the lookup is by URI alone.
  bool seen(std::string_view uri, int64_t time_us);
  size_t size() const { return order_.size(); }

 private:
  int64_t window_us_;
  size_t capacity_;
  int64_t newest_us_ = 0;
  std::unordered_set<std::string> set_;
  std::deque<std::pair<int64_t, std::string>> order_;
};

}  // namespace tweetmap::bluesky
