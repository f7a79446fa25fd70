#include "mastodon/source.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "core/system.hpp"

namespace tweetmap {

Result<std::string> load_mastodon_token(const std::string& token_file) {
  if (!token_file.empty()) {
    auto t = read_secret_file(token_file);
    if (!t) return usage_error(fmt::format("--token-file: {}", t.status().message()));
    return t;
  }
  const char* env = std::getenv("MASTODON_TOKEN");
  std::string t = env ? env : "";
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  return t;
}

Result<MastodonStreamOptions> make_mastodon_stream_options(const MastodonSourceOptions& o) {
  MastodonStreamOptions so;
  if (o.instance.empty())
    return usage_error("mastodon: give --instance URL (the server, e.g. https://mastodon.social)");
  auto inst = normalize_instance(o.instance);
  if (!inst) return inst.status();
  so.instance = std::move(*inst);
  auto stream = parse_mastodon_stream(o.stream);
  if (!stream) return stream.status();
  so.stream = std::move(*stream);
  auto token = load_mastodon_token(o.token_file);
  if (!token) return token.status();
  so.token = std::move(*token);
  if (so.token.find_first_of("\r\n") != std::string::npos)
    return usage_error("the access token holds a line break");
  if (so.token.empty() && so.stream.needs_user)
    return usage_error(fmt::format(
        "--stream {}: a user's timeline needs an access token (MASTODON_TOKEN or --token-file)",
        o.stream));
  so.limits.max_retries = o.max_retries;
  so.limits.max_delay_ms = static_cast<int64_t>(std::llround(o.max_backoff_s * 1000));
  return so;
}

std::string describe_mastodon_connection(const MastodonSourceOptions& o,
                                         const MastodonStreamOptions& so) {
  std::string token = so.token.empty()        ? "none (no Authorization header)"
                      : !o.token_file.empty() ? fmt::format("from {}", o.token_file)
                                              : "from MASTODON_TOKEN";
  return fmt::format("url: {}{}\nstream: {}\ntoken: {}\n", so.instance, so.stream.path, o.stream,
                     token);
}

}  // namespace tweetmap
