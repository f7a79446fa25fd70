#include "bluesky/endpoint.hpp"

#include <fmt/format.h>

namespace tweetmap::bluesky {

std::string Endpoint::host_header() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (tls ? "443" : "80")) h += ":" + port;
  return h;
}

Result<Endpoint> parse_endpoint(std::string_view url) {
  Endpoint e;
  e.url = std::string(url);
  auto bad = [&](std::string_view why) {
    return usage_error(fmt::format("--jetstream {}: {}", url, why));
  };
  std::string_view rest;
  if (url.substr(0, 6) == "wss://") {
    e.tls = true;
    rest = url.substr(6);
  } else if (url.substr(0, 5) == "ws://") {
    rest = url.substr(5);
  } else {
    return bad("expected a ws:// or wss:// URL");
  }
  size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  std::string_view tail = slash == std::string_view::npos ? "" : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos) return bad("user info is not supported");
  std::string_view host = authority, port;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 address");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("junk after the IPv6 address");
      port = after.substr(1);
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return bad("no host");
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(port)) < 1 || std::stoi(std::string(port)) > 65535)
      return bad("bad port");
  }
  e.host = std::string(host);
  e.port = port.empty() ? (e.tls ? "443" : "80") : std::string(port);
  if (size_t hash = tail.find('#'); hash != std::string_view::npos) tail = tail.substr(0, hash);
  size_t q = tail.find('?');
  std::string_view path = tail.substr(0, q);
  e.path = path.empty() ? "/subscribe" : std::string(path);
  if (q != std::string_view::npos) {
    std::string_view qs = tail.substr(q + 1);
    while (!qs.empty()) {
      size_t amp = qs.find('&');
      std::string_view kv = qs.substr(0, amp);
      qs = amp == std::string_view::npos ? "" : qs.substr(amp + 1);
      if (kv.empty()) continue;
      size_t eq = kv.find('=');
      e.query.emplace_back(std::string(kv.substr(0, eq)),
                           eq == std::string_view::npos ? "" : std::string(kv.substr(eq + 1)));
    }
  }
  return e;
}

std::string subscribe_target(const Endpoint& e, const std::vector<std::string>& collections,
                             std::optional<int64_t> cursor_us) {
  std::string t = e.path;
  char sep = '?';
  auto add = [&](std::string_view k, std::string_view v) {
    t += sep;
    t += k;
    t += '=';
    t += v;
    sep = '&';
  };
  for (const auto& [k, v] : e.query)
    if (k != "cursor" && k != "wantedCollections") add(k, v);
  for (const auto& c : collections) add("wantedCollections", c);
  if (cursor_us) add("cursor", std::to_string(*cursor_us));
  return t;
}

}  // namespace tweetmap::bluesky
