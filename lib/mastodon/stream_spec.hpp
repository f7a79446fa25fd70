// The timelines of Mastodon's streaming API and their Server-Sent Events endpoints: what
// `tweet-stream mastodon --stream` accepts, and the --instance URL it is opened on.
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"

namespace tweetmap {

/// One stream: the `stream` name of the API ("public:local", "hashtag") and the endpoint's path
/// and query under the instance ("/api/v1/streaming/hashtag/local?tag=rust").
struct MastodonStream {
  std::string name;
  std::string path;         ///< path and query, starting with "/api/v1/streaming/"
  bool needs_user = false;  ///< a user's own timeline (user, user:notification, list, direct)
};

/// Parses a --stream value: public, public:media, public:local, public:local:media,
/// public:remote, public:remote:media, hashtag:TAG, hashtag:local:TAG, user, user:notification,
/// list:ID, direct. TAG may start with '#' (dropped) and is percent-encoded into the query.
/// Errors are kUsage and list the forms.
Result<MastodonStream> parse_mastodon_stream(std::string_view spec);

/// Checks and normalizes --instance: "https://mastodon.social" (http:// too, which the tests
/// use; a bare host name gets https://), without a trailing '/', no path, query or spaces.
/// Errors are kUsage.
Result<std::string> normalize_instance(std::string_view url);

/// Percent-encodes `s` for a query value (RFC 3986 unreserved characters stay).
std::string percent_encode(std::string_view s);

}  // namespace tweetmap
