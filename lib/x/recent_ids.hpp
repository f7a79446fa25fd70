// The ids of the posts a stream delivered most recently, so that a post X sends again after a
// reconnect (X may replay the last moments of a dropped stream) is written once.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace tweetmap {

/// `data.id` of a v2 stream line ({"data":{"id":"...",...},...}); nullopt for keep-alives,
/// control messages and lines that are not JSON (those are left to the parser to report).
std::optional<std::string> stream_post_id(std::string_view line);

/// A bounded set of the last `capacity` ids (oldest forgotten first). Memory: capacity ids.
class RecentIds {
 public:
  static constexpr size_t kDefaultCapacity = 10000;
  explicit RecentIds(size_t capacity = kDefaultCapacity) : capacity_(capacity ? capacity : 1) {}
  /// True when `id` is among the remembered ids; otherwise remembers it and returns false.
  bool seen(const std::string& id);
  size_t size() const { return order_.size(); }

 private:
  size_t capacity_;
  std::unordered_set<std::string> set_;
  std::deque<std::string> order_;
};

}  // namespace tweetmap
