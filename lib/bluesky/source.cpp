#include "bluesky/source.hpp"

#include <fmt/format.h>

#include <cmath>
#include <random>

#include "bluesky/endpoint.hpp"
#include "bluesky/seen_posts.hpp"
#include "bluesky/ws_connection.hpp"
#include "core/delay.hpp"
#include "core/log.hpp"
#include "core/signals.hpp"

namespace tweetmap::bluesky {

std::string format_source_stats(const SourceCounters& c) {
  return fmt::format(
      "identity={} account={} delete={} update={} other={} reposts={} dup={} skipped={} "
      "pings={} connections={}",
      c.identity, c.account, c.deletes, c.updates, c.other, c.reposts, c.duplicates, c.skipped,
      c.pings, c.connections);
}

std::optional<int64_t> resume_cursor(int64_t last_time_us, std::optional<int64_t> start_us) {
  if (last_time_us > 0) return std::max<int64_t>(1, last_time_us - kResumeOverlapUs);
  return start_us;
}

Result<int64_t> parse_duration_ms(std::string_view s) {
  auto bad = [&] {
    return usage_error(fmt::format("--since {}: expected a duration like 90s, 10m, 2h or 1d", s));
  };
  if (s.size() < 2) return bad();
  char unit = s.back();
  double mult = unit == 's'   ? 1e3
                : unit == 'm' ? 60e3
                : unit == 'h' ? 3600e3
                : unit == 'd' ? 86400e3
                              : 0;
  if (mult == 0) return bad();
  std::string num(s.substr(0, s.size() - 1));
  char* end = nullptr;
  double v = std::strtod(num.c_str(), &end);
  if (end == num.c_str() || *end != '\0' || !(v > 0) || !std::isfinite(v) || v * mult > 1e13)
    return bad();
  return static_cast<int64_t>(std::llround(v * mult));
}

namespace {

// One connection's messages: facts, resume bookkeeping and de-duplication, then the sink.
class Handler : public MessageHandler {
 public:
  Handler(EventSink& sink, SeenPosts& seen, SourceCounters& c, int64_t& last_time_us)
      : sink_(sink), seen_(seen), c_(c), last_time_us_(last_time_us) {}

  Status message(std::string_view msg, bool padded) override {
    EventFacts f = event_facts(msg);
    if (f.time_us > last_time_us_) last_time_us_ = f.time_us;
    switch (f.kind) {
      case EventKind::kPost:
        if (!f.uri.empty() && seen_.seen(f.uri, f.time_us)) {
          ++c_.duplicates;
          ++dup_here_;
          return Status::ok();
        }
        break;
      case EventKind::kRepost:
        if (!f.uri.empty() && seen_.seen(f.uri, f.time_us)) {
          ++c_.duplicates;
          ++dup_here_;
          return Status::ok();
        }
        ++c_.reposts;
        break;
      case EventKind::kDelete:
        ++c_.deletes;
        break;
      case EventKind::kUpdate:
        ++c_.updates;
        break;
      case EventKind::kIdentity:
        ++c_.identity;
        break;
      case EventKind::kAccount:
        ++c_.account;
        break;
      case EventKind::kOther:
        ++c_.other;
        break;
    }
    return sink_.event(msg, padded);
  }
  Status skipped(std::string_view why) override {
    ++c_.skipped;
    return sink_.skipped(why);
  }
  Status idle() override { return sink_.idle(); }
  bool done() const override { return sink_.done(); }
  void tick() override { sink_.tick(); }
  /// What opened() says: "connected to URL [from cursor N]", at normal verbosity on reconnects.
  void announce(const std::string& url, std::optional<int64_t> cursor, bool again) {
    url_ = url;
    cursor_ = cursor;
    again_ = again;
  }
  void opened() override {
    ++c_.connections;
    std::string from = cursor_ ? fmt::format(" from cursor {}", *cursor_) : "";
    if (again_)
      log_notice("connected to {}{}", url_, from);
    else
      log_info("connected to {}{}", url_, from);
  }
  uint64_t duplicates_here() const { return dup_here_; }

 private:
  EventSink& sink_;
  SeenPosts& seen_;
  SourceCounters& c_;
  int64_t& last_time_us_;
  uint64_t dup_here_ = 0;
  std::string url_;
  std::optional<int64_t> cursor_;
  bool again_ = false;
};

ConnectionEnd classify(const ConnectionOutcome& o, const std::string& url) {
  ConnectionEnd e;
  e.open_ms = o.open_ms;
  e.messages = o.messages;
  e.cause = o.cause;
  switch (o.kind) {
    case ConnectionEndKind::kStall:
      e.kind = EndKind::kStall;
      break;
    case ConnectionEndKind::kClosed:
    case ConnectionEndKind::kLost:
    case ConnectionEndKind::kProtocol:
      e.kind = EndKind::kDropped;
      break;
    case ConnectionEndKind::kTimeout:
      e.kind = EndKind::kTimeout;
      break;
    case ConnectionEndKind::kRejected: {
      int s = o.http_status;
      bool retry = s >= 500 || s == 408 || s == 429;
      e.kind = retry ? EndKind::kHttp : EndKind::kFatal;
      if (!retry) e.cause = fmt::format("{}: {}", url, o.cause);
      break;
    }
    default:
      e.kind = EndKind::kNetwork;
      break;
  }
  return e;
}

}  // namespace

Status run_source(const SourceOptions& o, double time_scale, Clock& clock, EventSink& sink,
                  SourceCounters& counters) {
  std::vector<Endpoint> endpoints;
  for (const auto& url : o.endpoints.empty() ? public_instances() : o.endpoints) {
    auto e = parse_endpoint(url);
    if (!e) return e.status();
    endpoints.push_back(std::move(*e));
  }
  std::vector<std::string> collections = {std::string(kPostCollection)};
  if (o.reposts) collections.emplace_back(kRepostCollection);
  std::optional<int64_t> start = o.cursor_us;
  if (!start && o.since_ms > 0) start = (clock.now_ms() - o.since_ms) * 1000;

  ReconnectLimits limits;
  limits.max_retries = o.max_retries;
  limits.max_delay_ms = static_cast<int64_t>(std::llround(o.max_backoff_s * 1000));
  ReconnectPolicy policy(limits);
  SeenPosts seen;
  int64_t last_time_us = 0;
  size_t at = 0;
  bool reconnecting = false;
  std::mt19937_64 rng(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  for (;;) {
    if (stop_requested()) return Status::ok();
    const Endpoint& ep = endpoints[at % endpoints.size()];
    std::optional<int64_t> cursor = resume_cursor(last_time_us, start);
    ConnectionOptions co;
    co.target = subscribe_target(ep, collections, cursor);
    co.open_timeout_ms = std::llround(o.open_timeout_s * 1000);
    co.stall_ms = std::llround(o.stall_s * 1000);
    co.max_message_bytes = o.max_message_bytes;
    co.user_agent = "tweetmap/" TWEETMAP_VERSION " (tweet-stream bluesky)";
    co.time_scale = time_scale;
    Handler h(sink, seen, counters, last_time_us);
    h.announce(ep.url, cursor, reconnecting);
    ConnectionOutcome out = run_connection(ep, co, clock, h);
    counters.pings += out.pings;
    if (h.duplicates_here() > 0)
      log_notice("skipped {} {} already written before the reconnect", h.duplicates_here(),
                 h.duplicates_here() == 1 ? "post" : "posts");
    if (out.kind == ConnectionEndKind::kHandlerEnded) return out.handler_status;
    if (out.kind == ConnectionEndKind::kInterrupted) return Status::ok();
    ReconnectDecision d = policy.on_end(classify(out, ep.url), jitter(rng));
    if (d.give_up) return network_error(d.message);
    if (d.next_endpoint) ++at;
    if (endpoints.size() > 1 && d.next_endpoint)
      d.message += fmt::format(" (next: {})", endpoints[at % endpoints.size()].url);
    log_notice("{}", d.message);
    reconnecting = true;
    if (d.delay_ms > 0) {
      int64_t wait = std::llround(static_cast<double>(d.delay_ms) * time_scale);
      if (!clock.sleep_ms(wait)) return Status::ok();
    }
  }
}

}  // namespace tweetmap::bluesky
