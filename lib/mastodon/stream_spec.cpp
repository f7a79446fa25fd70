#include "mastodon/stream_spec.hpp"

#include <fmt/format.h>

namespace tweetmap {

namespace {

constexpr std::string_view kBase = "/api/v1/streaming/";
constexpr std::string_view kForms =
    "public, public:media, public:local, public:local:media, public:remote, "
    "public:remote:media, hashtag:TAG, hashtag:local:TAG, user, user:notification, list:ID, "
    "direct";

Status bad(std::string_view spec, std::string_view why) {
  return usage_error(fmt::format("--stream {}: {} (one of: {})", spec, why, kForms));
}

}  // namespace

std::string percent_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

Result<MastodonStream> parse_mastodon_stream(std::string_view spec) {
  MastodonStream s;
  s.name.assign(spec);
  auto simple = [&](std::string_view path, bool user) -> Result<MastodonStream> {
    s.path = std::string(kBase) + std::string(path);
    s.needs_user = user;
    return s;
  };
  if (spec == "public") return simple("public", false);
  if (spec == "public:media") return simple("public?only_media=true", false);
  if (spec == "public:local") return simple("public/local", false);
  if (spec == "public:local:media") return simple("public/local?only_media=true", false);
  if (spec == "public:remote") return simple("public/remote", false);
  if (spec == "public:remote:media") return simple("public/remote?only_media=true", false);
  if (spec == "user") return simple("user", true);
  if (spec == "user:notification") return simple("user/notification", true);
  if (spec == "direct") return simple("direct", true);
  auto arg = [&](std::string_view prefix, std::string_view& value) {
    if (spec.substr(0, prefix.size()) != prefix) return false;
    value = spec.substr(prefix.size());
    return true;
  };
  std::string_view v;
  if (arg("hashtag:local:", v) || arg("hashtag:", v)) {
    bool local = spec.substr(0, 14) == "hashtag:local:";
    if (!v.empty() && v[0] == '#') v.remove_prefix(1);
    if (v.empty()) return bad(spec, "no hashtag");
    if (v.find_first_of(" \t\r\n,") != std::string_view::npos)
      return bad(spec, "one hashtag, without spaces or commas");
    s.name = local ? "hashtag:local" : "hashtag";
    return simple(fmt::format("{}?tag={}", local ? "hashtag/local" : "hashtag", percent_encode(v)),
                  false);
  }
  if (arg("list:", v)) {
    if (v.empty() || v.find_first_not_of("0123456789") != std::string_view::npos)
      return bad(spec, "a list is given by its numeric id");
    s.name = "list";
    return simple(fmt::format("list?list={}", v), true);
  }
  return bad(spec, "unknown stream");
}

Result<std::string> normalize_instance(std::string_view url) {
  std::string u(url);
  if (u.find("://") == std::string::npos) u = "https://" + u;
  while (u.size() > 8 && u.back() == '/') u.pop_back();
  bool http = u.rfind("http://", 0) == 0, https = u.rfind("https://", 0) == 0;
  size_t host_at = https ? 8 : 7;
  if ((!http && !https) || u.size() <= host_at ||
      u.find_first_of(" \t\r\n?#@") != std::string::npos ||
      u.find('/', host_at) != std::string::npos)
    return usage_error(fmt::format(
        "--instance: expected the server's address, as https://HOST[:PORT], got '{}'", url));
  return u;
}

}  // namespace tweetmap
