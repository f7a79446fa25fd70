#include "sse/history_range.hpp"

#include <fmt/format.h>

#include <atomic>
#include <charconv>

#include "sse/query.hpp"

namespace tweetmap {
namespace {

std::atomic<size_t> g_answers_bytes{0};

Result<int64_t> integer_param(std::string_view name, const std::string& value, int64_t lo,
                              int64_t hi, std::string_view what) {
  int64_t v = 0;
  auto r = std::from_chars(value.data(), value.data() + value.size(), v);
  if (value.empty() || r.ec != std::errc{} || r.ptr != value.data() + value.size() || v < lo ||
      v > hi)
    return usage_error(fmt::format("bad {}= value '{}' ({})", name, value.substr(0, 40), what));
  return v;
}

}  // namespace

Result<HistoryRange> parse_history_range(std::string_view query) {
  auto params = parse_query(query);
  if (!params) return usage_error(params.status().message());
  std::optional<int64_t> from, until;
  HistoryRange r;
  constexpr int64_t kMaxMs = int64_t{1} << 53;  // what a page's Number holds exactly
  for (const auto& [name, value] : *params) {
    if (name == "from" || name == "until") {
      auto v = integer_param(name, value, 0, kMaxMs, "ms since the epoch");
      if (!v) return v.status();
      (name == "from" ? from : until) = *v;
    } else if (name == "limit") {
      auto v = integer_param(name, value, 1, static_cast<int64_t>(kMaxHistoryLimit),
                             fmt::format("events, 1 to {}", kMaxHistoryLimit));
      if (!v) return v.status();
      r.limit = static_cast<size_t>(*v);
    }
  }
  if (!from || !until) return usage_error("from= and until= are required (ms since the epoch)");
  if (*until < *from) return usage_error("until= is before from=");
  if (*until - *from > kMaxHistoryRangeMs)
    return usage_error(fmt::format("range too long: {} s (at most {} s)", (*until - *from) / 1000,
                                   kMaxHistoryRangeMs / 1000));
  r.from_ms = *from;
  r.until_ms = *until;
  return r;
}

std::string history_ndjson(const std::vector<EventPtr>& events, size_t max_bytes, bool& truncated) {
  std::string out;
  for (const auto& e : events) {
    std::string_view line = event_data(*e);
    if (out.size() + line.size() + 1 > max_bytes) {
      truncated = true;
      break;
    }
    out += line;
    out += '\n';
  }
  return out;
}

void set_history_headers(HttpResponse& res, const HistorySlice& slice) {
  namespace http = boost::beast::http;
  res.result(http::status::ok);
  res.set(http::field::content_type, "application/x-ndjson; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  res.set("X-History-Events", std::to_string(slice.events.size()));
  if (slice.kept) {
    res.set("X-History-Oldest", std::to_string(slice.kept->first));
    res.set("X-History-Newest", std::to_string(slice.kept->second));
  }
  res.set(http::field::access_control_expose_headers,
          "X-History-Events, X-History-Oldest, X-History-Newest, X-History-Truncated");
}

size_t history_answers_bytes() { return g_answers_bytes.load(std::memory_order_relaxed); }

std::shared_ptr<const std::string> counted_body(std::string body) {
  size_t n = body.size();
  g_answers_bytes.fetch_add(n, std::memory_order_relaxed);
  return std::shared_ptr<const std::string>(
      new std::string(std::move(body)), [n](const std::string* p) {
        g_answers_bytes.fetch_sub(n, std::memory_order_relaxed);
        delete p;
      });
}

}  // namespace tweetmap
