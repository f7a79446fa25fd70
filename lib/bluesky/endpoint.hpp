// Jetstream endpoints: the public instances, a ws:// or wss:// URL taken apart, and the request
// target of a /subscribe connection (wantedCollections, cursor).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace tweetmap::bluesky {

/// The public Jetstream instances Bluesky runs, the first one the default, the others tried in
/// turn when it fails.
inline const std::vector<std::string>& public_instances() {
  static const std::vector<std::string> kList = {
      "wss://jetstream2.us-east.bsky.network/subscribe",
      "wss://jetstream1.us-east.bsky.network/subscribe",
      "wss://jetstream1.us-west.bsky.network/subscribe",
      "wss://jetstream2.us-west.bsky.network/subscribe",
  };
  return kList;
}

/// The collections asked for: posts, and reposts with --reposts.
inline constexpr std::string_view kPostCollection = "app.bsky.feed.post";
inline constexpr std::string_view kRepostCollection = "app.bsky.feed.repost";

/// A Jetstream URL taken apart. Plain value type.
struct Endpoint {
  std::string url;   ///< as given, for messages
  bool tls = false;  ///< wss://
  std::string host;  ///< without brackets for IPv6 literals
  std::string port;  ///< "443" / "80" unless given
  std::string path;  ///< "/subscribe" when the URL has no path
  std::vector<std::pair<std::string, std::string>> query;  ///< the URL's own parameters, in order
  /// The Host header: host, with ":port" when the port is not the scheme's default.
  std::string host_header() const;
};

/// Parses `ws://HOST[:PORT][/PATH][?QUERY]` or `wss://...`. Errors (kUsage) name the problem.
Result<Endpoint> parse_endpoint(std::string_view url);

/// The request target: the URL's path and its parameters, except cursor and wantedCollections,
/// then one wantedCollections per collection, then cursor=CURSOR when `cursor_us` is set.
std::string subscribe_target(const Endpoint& e, const std::vector<std::string>& collections,
                             std::optional<int64_t> cursor_us);

}  // namespace tweetmap::bluesky
