// `tweet-stream mastodon`: the options, the access token, the --dry-run description and the
// stream, put together.
#pragma once

#include <string>

#include "core/status.hpp"
#include "mastodon/stream.hpp"

namespace tweetmap {

/// Options of `tweet-stream mastodon` (besides the common filters and output options).
struct MastodonSourceOptions {
  std::string instance;  ///< --instance URL (required)
  std::string stream = "public";
  std::string token_file;  ///< empty: MASTODON_TOKEN, else no token
  bool dry_run = false;    ///< describe the connection, do not connect
  int max_retries = -1;    ///< -1: unlimited
  double max_backoff_s = 0;
};

/// The access token: the first line of --token-file, else $MASTODON_TOKEN (trailing white space
/// dropped), else empty (public timelines of servers that allow it). A token file that cannot be
/// read is a kUsage error naming the file, never the token.
Result<std::string> load_mastodon_token(const std::string& token_file);

/// Checks the options and builds the stream settings (token loaded). Errors are kUsage.
Result<MastodonStreamOptions> make_mastodon_stream_options(const MastodonSourceOptions& o);

/// What --dry-run prints: the URL, the stream, whether a token is sent and where it comes from
/// (never the token), one "key: value" per line.
std::string describe_mastodon_connection(const MastodonSourceOptions& o,
                                         const MastodonStreamOptions& so);

}  // namespace tweetmap
