#include "sse/query.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/text.hpp"

namespace tweetmap {
bool valid_type_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

Result<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return parse_error("truncated %-escape");
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return parse_error("bad %-escape");
      char d = static_cast<char>(hi * 16 + lo);
      if (d == '\0') return parse_error("encoded NUL byte");
      out += d;
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t start = 0;
  while (start < query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view part = query.substr(start, amp - start);
    start = amp + 1;
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string_view name = part.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1);
    auto n = percent_decode(name, true);
    if (!n) return parse_error("bad query parameter name");
    auto v = percent_decode(value, true);
    if (!v)
      return parse_error(fmt::format("bad value for parameter '{}': {}", *n, v.status().message()));
    out.emplace_back(std::move(*n), std::move(*v));
  }
  return out;
}

std::optional<EventId> parse_event_id(std::string_view s) {
  size_t dash = s.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 >= s.size()) return std::nullopt;
  EventId id;
  const char* b = s.data();
  auto r1 = std::from_chars(b, b + dash, id.epoch);
  if (r1.ec != std::errc{} || r1.ptr != b + dash) return std::nullopt;
  auto r2 = std::from_chars(b + dash + 1, b + s.size(), id.seq);
  if (r2.ec != std::errc{} || r2.ptr != b + s.size()) return std::nullopt;
  return id;
}

std::string format_event_id(const EventId& id) { return fmt::format("{}-{}", id.epoch, id.seq); }

bool ClientRequest::wants(std::string_view type, const Record& r) const {
  if (!types.empty() && std::find(types.begin(), types.end(), type) == types.end()) return false;
  // Content filters only concern posts: trends and other event kinds pass them.
  if (type != "tweet" || filter_empty) return true;
  return filter.matches(r);
}

Result<ClientRequest> parse_client_request(std::string_view query, std::string_view last_event_id) {
  auto params = parse_query(query);
  if (!params) return usage_error(params.status().message());
  ClientRequest req;
  FilterSpec spec;
  std::string last_param;
  for (auto& [name, value] : *params) {
    if (name == "track") {
      spec.track = value;
    } else if (name == "bbox") {
      spec.locations = value;
    } else if (name == "geo") {
      for (const auto& g : split_list(value)) {
        auto kind = geo_kind_from_name(g);
        if (!kind)
          return usage_error(
              fmt::format("bad geo kind '{}' (point, place, profile, text, none)", g));
        spec.geo_kinds.push_back(*kind);
      }
    } else if (name == "lang") {
      for (auto l : split_list(value)) spec.langs.emplace_back(l);
    } else if (name == "reposts") {
      // reposts=0 leaves out reposts (records with "rt": true); reposts=1 is the default.
      if (value != "0" && value != "1")
        return usage_error(fmt::format("bad reposts= value '{}' (0 or 1)", value));
      spec.no_retweets = value == "0";
    } else if (name == "types") {
      for (auto t : split_list(value)) {
        if (!valid_type_name(t))
          return usage_error(fmt::format("bad event type '{}' in types=", t));
        req.types.emplace_back(t);
      }
    } else if (name == "since") {
      double d = 0;
      auto r = std::from_chars(value.data(), value.data() + value.size(), d);
      if (r.ec != std::errc{} || r.ptr != value.data() + value.size() || !std::isfinite(d) || d < 0)
        return usage_error(fmt::format("bad since= value '{}' (seconds, >= 0)", value));
      req.since_s = d;
    } else if (name == "last_event_id") {
      last_param = value;
    } else if (name == "token") {
      req.token = value;
      req.has_token_param = true;
    }
  }
  if (!spec.locations.empty()) {
    auto boxes = parse_boxes(spec.locations);
    if (!boxes) return usage_error(fmt::format("bad bbox=: {}", boxes.status().message()));
  }
  auto filter = Filter::make(spec);
  if (!filter) return usage_error(filter.status().message());
  req.filter = std::move(*filter);
  req.filter_empty = spec.track.empty() && spec.locations.empty() && spec.geo_kinds.empty() &&
                     spec.langs.empty() && !spec.no_retweets;
  req.last_event_id_raw = last_event_id.empty() ? last_param : std::string(last_event_id);
  return req;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Compare over the longer length so the time does not reveal the common prefix.
  size_t n = std::max(a.size(), b.size());
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

}  // namespace tweetmap
