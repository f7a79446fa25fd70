#include "x/stream.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <memory>

#include "core/log.hpp"
#include "core/signals.hpp"
#include "x/curl_handle.hpp"
#include "x/drop.hpp"
#include "x/line_splitter.hpp"
#include "x/recent_ids.hpp"

namespace tweetmap {

std::string stream_query() {
  return "tweet.fields=created_at,geo,lang,entities,author_id,referenced_tweets,note_tweet"
         "&expansions=geo.place_id,author_id"
         "&place.fields=geo,country_code,full_name,place_type,name"
         "&user.fields=username,name,location";
}

namespace {

// State of one connection attempt, shared with the libcurl callbacks.
struct Attempt {
  CURL* handle = nullptr;
  StreamSink* sink = nullptr;
  RecentIds* recent = nullptr;  // across reconnects
  ReadBudget* budget = nullptr;
  bool budget_spent = false;  // the last read of the budget was delivered
  uint64_t duplicates = 0;
  Clock* clock = nullptr;
  LineSplitter splitter;
  size_t max_line = 0;
  long status = 0;
  bool headers_done = false;
  bool delivered = false;  // any body byte of a 200 response
  bool wrote = false;      // lines handed to the sink since the last idle()
  std::string error_body;  // body of a non-200 response (bounded)
  std::optional<int64_t> rate_limit_reset_s;
  int64_t last_byte_ms = 0;
  bool reconnect = false;  // the server asked for it in-stream
  std::string reconnect_why;
  bool stopped = false;  // the sink wants no more, or failed (sink_status)
  Status sink_status;

  explicit Attempt(size_t max_line_bytes) : splitter(max_line_bytes), max_line(max_line_bytes) {}

  // Hands every complete line to the sink. False when the transfer must stop.
  bool drain() {
    std::string_view line;
    for (;;) {
      LineSplitter::Next k = splitter.next(line);
      if (k == LineSplitter::Next::kNone) return true;
      if (!deliver(k, line)) return false;
    }
  }

  bool deliver(LineSplitter::Next k, std::string_view line) {
    if (k == LineSplitter::Next::kLine && !line.empty()) {
      auto id = stream_post_id(line);
      if (id && budget) {
        // Every post X delivered is a read, whatever the filters or the duplicate check do.
        auto more = budget->take_one();
        if (!more) return stop(more.status());
        budget_spent = !*more;
        sink->reads(budget->used(), budget->left());
      }
      // A post already written (X resends the last moments after a reconnect): once only.
      if (id && recent && recent->seen(*id)) {
        ++duplicates;
        return budget_spent ? stop(spent()) : true;
      }
    }
    wrote = true;
    Status st = k == LineSplitter::Next::kLine
                    ? sink->line(line, true, reconnect, reconnect_why)
                    : sink->skipped_line(fmt::format("line longer than {} bytes", max_line));
    if (!st) return stop(st);
    if (budget_spent) return stop(spent());
    if (sink->done()) {
      stopped = true;
      return false;
    }
    return !reconnect;
  }

  Status spent() const { return budget_spent_error(budget->spent_message()); }
  bool stop(Status st) {
    sink_status = std::move(st);
    stopped = true;
    return false;
  }
};

size_t on_header(char* p, size_t size, size_t n, void* user) {
  auto* a = static_cast<Attempt*>(user);
  a->last_byte_ms = a->clock->mono_ms();
  std::string_view line(p, n);
  if (auto v = header_value(line, "x-rate-limit-reset")) {
    int64_t t = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), t);
    if (ec == std::errc()) a->rate_limit_reset_s = t;
  }
  if (line == "\r\n" || line == "\n") {
    curl::easy_getinfo(a->handle, CURLINFO_RESPONSE_CODE, &a->status);
    // Interim (1xx) responses are followed by the real one.
    a->headers_done = a->status >= 200;
  }
  return size * n;
}

size_t on_body(char* p, size_t size, size_t n, void* user) {
  auto* a = static_cast<Attempt*>(user);
  a->last_byte_ms = a->clock->mono_ms();
  if (a->status == 0) curl::easy_getinfo(a->handle, CURLINFO_RESPONSE_CODE, &a->status);
  if (a->status != 200) {
    if (a->error_body.size() < 65536) a->error_body.append(p, std::min<size_t>(n, 65536));
    return size * n;
  }
  a->delivered = true;
  a->splitter.feed(std::string_view(p, n));
  return a->drain() ? size * n : 0;
}

// How one attempt ended.
struct Outcome {
  bool interrupted = false;
  bool sink_ended = false;
  Status sink_status;
  DropEvent drop;
  std::string http_version;
};

std::string curl_why(CURLcode rc, const char* errbuf) {
  return errbuf[0] ? std::string(errbuf) : std::string(curl::easy_strerror(rc));
}

Outcome connect_once(const XStreamOptions& o, Clock& clock, StreamSink& sink, RecentIds& recent,
                     bool reconnecting) {
  Outcome out;
  CurlPtr h(curl::easy_init(), curl::easy_cleanup);
  MultiPtr m(curl::multi_init(), curl::multi_cleanup);
  if (!h || !m) {
    out.drop.kind = DropKind::kFatal;
    out.drop.cause = "cannot create a libcurl handle";
    return out;
  }
  Attempt a(o.max_line_bytes);
  a.handle = h.get();
  a.sink = &sink;
  a.recent = &recent;
  a.budget = o.budget;
  a.clock = &clock;
  a.last_byte_ms = clock.mono_ms();
  std::string url = o.api.api_base + "/2/tweets/search/stream?" + stream_query();
  std::string auth = "Authorization: Bearer " + o.api.bearer_token;
  SlistPtr headers(curl::slist_append(nullptr, auth.c_str()), curl::slist_free_all);
  char errbuf[CURL_ERROR_SIZE] = "";
  CURL* c = h.get();
  setup_x_curl(c, url.c_str(), headers.get(), errbuf, o.http2);
  setup_stream_curl(c, o.time_scale, on_body, on_header, &a);
  curl::multi_add_handle(m.get(), c);

  const int64_t stall_ms = std::max<int64_t>(1, std::llround(o.stall_ms * o.time_scale));
  bool announced = false;
  int64_t connected_at = 0;
  TransferEnd t = run_stream_transfer(m.get(), clock, stall_ms, a.last_byte_ms, [&](bool finished) {
    if (!announced && a.headers_done && a.status == 200) {
      announced = true;
      connected_at = clock.mono_ms();
      long v = 0;
      curl::easy_getinfo(c, CURLINFO_HTTP_VERSION, &v);
      out.http_version = v == CURL_HTTP_VERSION_2_0 ? "HTTP/2" : "HTTP/1.1";
      if (reconnecting)
        log_notice("connected ({})", out.http_version);
      else
        log_info("connected to {} ({})", o.api.api_base, out.http_version);
    }
    if (a.wrote && !a.stopped) {
      // Flush whenever no further line is ready: a live post reaches the next tool at once.
      a.wrote = false;
      if (Status st = sink.idle(); !st) {
        a.sink_status = st;
        a.stopped = true;
      }
    }
    if (a.stopped || a.reconnect || finished) return false;
    sink.tick();
    return true;
  });
  const bool finished = t.finished, stalled = t.stalled;
  const CURLcode result = t.result;
  out.interrupted = t.interrupted;
  if (a.status == 0) curl::easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
  curl::multi_remove_handle(m.get(), c);
  if (a.duplicates > 0)
    log_notice("skipped {} {} already written before the reconnect", a.duplicates,
               a.duplicates == 1 ? "post" : "posts");

  if (a.stopped) {
    out.sink_ended = true;
    out.sink_status = a.sink_status;
    return out;
  }
  if (out.interrupted) return out;
  // A line cut off by the drop: hand it over so it is counted as truncated.
  if ((finished || stalled) && a.status == 200) {
    std::string_view rest;
    LineSplitter::Next k = a.splitter.take_partial(rest);
    if (k != LineSplitter::Next::kNone) {
      a.deliver(k, rest);
      if (a.stopped) {
        out.sink_ended = true;
        out.sink_status = a.sink_status;
        return out;
      }
      (void)sink.idle();
    }
  }

  DropFacts f;
  f.reconnect_requested = a.reconnect;
  f.reconnect_why = a.reconnect_why;
  f.stalled = stalled;
  f.stall_ms = o.stall_ms;
  f.status = a.status;
  f.headers_done = a.headers_done;
  f.transfer_ok = result == CURLE_OK;
  if (!f.transfer_ok || a.status == 0) f.transfer_error = curl_why(result, errbuf);
  f.error_body = a.error_body;
  f.rate_limit_reset_s = a.rate_limit_reset_s;
  f.delivered = a.delivered;
  if (announced)
    f.connected_ms =
        std::llround(static_cast<double>(clock.mono_ms() - connected_at) / o.time_scale);
  out.drop = classify_drop(f);
  return out;
}

}  // namespace

Status run_x_stream(const XStreamOptions& o, StreamSink& sink) {
  if (Status loaded = curl::load(); !loaded) return loaded;
  Clock& clock = o.clock ? *o.clock : SystemClock::instance();
  Backoff backoff(o.limits);
  RecentIds recent;
  bool reconnecting = false;
  for (;;) {
    if (stop_requested()) return Status::ok();
    if (o.budget) {
      // Spent (in this period, by any process sharing the file): do not even connect.
      auto ready = o.budget->ready();
      if (!ready) return ready.status();
      if (!*ready) return budget_spent_error(o.budget->spent_message());
      sink.reads(o.budget->used(), o.budget->left());
    }
    Outcome out = connect_once(o, clock, sink, recent, reconnecting);
    if (out.sink_ended) return out.sink_status;
    if (out.interrupted) return Status::ok();
    BackoffDecision d = backoff.on_drop(out.drop, clock.now_ms());
    if (d.give_up) {
      bool auth =
          out.drop.kind == DropKind::kFatal && d.message.rfind("authentication failed", 0) == 0;
      return Status(auth ? ErrorCode::kAuth : ErrorCode::kNetwork, d.message);
    }
    log_notice("{}", d.message);
    reconnecting = true;
    if (d.delay_ms > 0) {
      int64_t wait = std::llround(static_cast<double>(d.delay_ms) * o.time_scale);
      if (!clock.sleep_ms(wait)) return Status::ok();
    }
  }
}

}  // namespace tweetmap
