#include "mastodon/stream.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <random>

#include "core/log.hpp"
#include "core/signals.hpp"
#include "mastodon/sse_reader.hpp"
#include "x/api.hpp"
#include "x/curl_handle.hpp"
#include "x/drop.hpp"
#include "x/line_splitter.hpp"
#include "x/recent_ids.hpp"

namespace tweetmap {

int64_t jittered_delay_ms(int64_t delay_ms, double unit) {
  if (delay_ms <= 0) return 0;
  unit = std::clamp(unit, 0.0, 1.0);
  return delay_ms + static_cast<int64_t>(std::floor(static_cast<double>(delay_ms) * 0.5 * unit));
}

namespace {

// Replaces every copy of the token in `s` (a server could echo it in an error body).
std::string redact(std::string s, const std::string& token) {
  if (token.empty()) return s;
  for (size_t at = s.find(token); at != std::string::npos; at = s.find(token, at + 3))
    s.replace(at, token.size(), "***");
  return s;
}

// The server's own words for a failed request: Mastodon answers {"error":"..."}; anything else
// is quoted as it is. One line, bounded, control characters dropped.
std::string error_text(std::string_view body) {
  std::string text;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view e;
  if (parser.parse(body.data(), body.size()).get(doc) == simdjson::SUCCESS &&
      doc["error"].get_string().get(e) == simdjson::SUCCESS) {
    text.assign(e);
  } else {
    text.assign(body);
  }
  std::string out;
  for (char c : text) {
    if (out.size() >= 200) {
      out += "...";
      break;
    }
    out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// State of one connection attempt, shared with the libcurl callbacks.
struct Attempt {
  CURL* handle = nullptr;
  MastodonSink* sink = nullptr;
  RecentIds* recent = nullptr;  // across reconnects
  MastodonCounters* counters = nullptr;
  Clock* clock = nullptr;
  LineSplitter splitter;
  SseReader sse;
  size_t max_event = 0;
  long status = 0;
  bool headers_done = false;
  std::string content_type;
  bool delivered = false;  // any body byte of a 200 response
  bool wrote = false;      // events handed to the sink since the last idle()
  std::string error_body;  // body of a non-200 response (bounded)
  int64_t last_byte_ms = 0;
  bool stopped = false;  // the sink wants no more, or failed (sink_status)
  Status sink_status;

  explicit Attempt(size_t max_event_bytes)
      : splitter(max_event_bytes + 64), sse(max_event_bytes), max_event(max_event_bytes) {}

  bool ok_stream() const { return status == 200 && content_type == "text/event-stream"; }

  bool check(Status st) {
    if (!st) {
      sink_status = st;
      stopped = true;
      return false;
    }
    if (sink->done()) {
      stopped = true;
      return false;
    }
    return true;
  }

  bool event() {
    switch (classify_mastodon_event(sse.event())) {
      case MastodonEventKind::kUpdate: {
        ++counters->updates;
        if (auto uri = mastodon_status_uri(sse.data()); uri && recent->seen(*uri)) {
          ++counters->duplicates;
          return true;
        }
        wrote = true;
        return check(sink->status(sse.data()));
      }
      case MastodonEventKind::kDelete:
        ++counters->deletes;
        return true;
      case MastodonEventKind::kEdit:
        ++counters->edits;
        return true;
      case MastodonEventKind::kOther:
        ++counters->other;
        return true;
    }
    return true;
  }

  bool oversized() {
    ++counters->oversized;
    wrote = true;
    return check(sink->skipped(fmt::format("event larger than {} bytes", max_event)));
  }

  // Hands every complete event to the sink. False when the transfer must stop.
  bool drain() {
    std::string_view line;
    for (;;) {
      LineSplitter::Next k = splitter.next(line);
      if (k == LineSplitter::Next::kNone) return true;
      if (k == LineSplitter::Next::kOversized) {
        sse.drop_line();
        continue;
      }
      switch (sse.line(line)) {
        case SseReader::Kind::kComment:
          ++counters->heartbeats;
          break;
        case SseReader::Kind::kEvent:
          if (!event()) return false;
          break;
        case SseReader::Kind::kOversized:
          if (!oversized()) return false;
          break;
        case SseReader::Kind::kNone:
          break;
      }
    }
  }
};

size_t on_header(char* p, size_t size, size_t n, void* user) {
  auto* a = static_cast<Attempt*>(user);
  a->last_byte_ms = a->clock->mono_ms();
  std::string_view line(p, n);
  if (line.size() > 13 && (line[0] == 'c' || line[0] == 'C')) {
    std::string lower;
    for (char c : line.substr(0, 13)) lower.push_back(static_cast<char>(std::tolower(c)));
    if (lower == "content-type:") {
      std::string_view v = line.substr(13);
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      size_t end = v.find_first_of("; \t\r\n");
      a->content_type.clear();
      for (char c : v.substr(0, end)) a->content_type.push_back(static_cast<char>(std::tolower(c)));
    }
  }
  if (line == "\r\n" || line == "\n") {
    curl::easy_getinfo(a->handle, CURLINFO_RESPONSE_CODE, &a->status);
    a->headers_done = a->status >= 200;  // interim (1xx) responses are followed by the real one
  }
  return size * n;
}

size_t on_body(char* p, size_t size, size_t n, void* user) {
  auto* a = static_cast<Attempt*>(user);
  a->last_byte_ms = a->clock->mono_ms();
  if (a->status == 0) curl::easy_getinfo(a->handle, CURLINFO_RESPONSE_CODE, &a->status);
  if (!a->ok_stream()) {
    if (a->error_body.size() < 65536) a->error_body.append(p, std::min<size_t>(n, 65536));
    return a->status == 200 ? 0 : size * n;  // a 200 that is no event stream: stop reading it
  }
  a->delivered = true;
  a->splitter.feed(std::string_view(p, n));
  return a->drain() ? size * n : 0;
}

struct Outcome {
  bool interrupted = false;
  bool sink_ended = false;
  Status sink_status;
  Status fatal;  // not ok: give up with it, no retry
  DropEvent drop;
};

Outcome connect_once(const MastodonStreamOptions& o, Clock& clock, MastodonSink& sink,
                     RecentIds& recent, MastodonCounters& counters, bool reconnecting) {
  Outcome out;
  CurlPtr h(curl::easy_init(), curl::easy_cleanup);
  MultiPtr m(curl::multi_init(), curl::multi_cleanup);
  if (!h || !m) {
    out.fatal = internal_error("cannot create a libcurl handle");
    return out;
  }
  Attempt a(o.max_event_bytes);
  a.handle = h.get();
  a.sink = &sink;
  a.recent = &recent;
  a.counters = &counters;
  a.clock = &clock;
  a.last_byte_ms = clock.mono_ms();
  std::string url = o.instance + o.stream.path;
  curl_slist* list = curl::slist_append(nullptr, "Accept: text/event-stream");
  std::string auth;
  if (!o.token.empty()) {
    auth = "Authorization: Bearer " + o.token;
    list = curl::slist_append(list, auth.c_str());
  }
  SlistPtr headers(list, curl::slist_free_all);
  char errbuf[CURL_ERROR_SIZE] = "";
  CURL* c = h.get();
  // Event streams are not compressed by Mastodon, and HTTP/1.1 is what its streaming server
  // speaks.
  setup_x_curl(c, url.c_str(), headers.get(), errbuf, false);
  curl::easy_setopt(c, CURLOPT_ACCEPT_ENCODING, static_cast<char*>(nullptr));
  setup_stream_curl(c, o.time_scale, on_body, on_header, &a);
  curl::multi_add_handle(m.get(), c);

  const int64_t stall_ms = std::max<int64_t>(1, std::llround(o.stall_ms * o.time_scale));
  bool announced = false;
  int64_t connected_at = 0;
  TransferEnd t = run_stream_transfer(m.get(), clock, stall_ms, a.last_byte_ms, [&](bool finished) {
    if (!announced && a.headers_done && a.ok_stream()) {
      announced = true;
      connected_at = clock.mono_ms();
      if (reconnecting)
        log_notice("connected ({})", o.stream.name);
      else
        log_info("connected to {}{}", o.instance, o.stream.path);
    }
    if (a.wrote && !a.stopped) {
      a.wrote = false;
      if (Status st = sink.idle(); !st) {
        a.sink_status = st;
        a.stopped = true;
      }
    }
    if (a.stopped || finished) return false;
    if (a.headers_done && a.status == 200 && !a.ok_stream() && !a.error_body.empty()) return false;
    sink.tick();
    return true;
  });
  const bool finished = t.finished, stalled = t.stalled;
  const CURLcode result = t.result;
  out.interrupted = t.interrupted;
  if (a.status == 0) curl::easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
  curl::multi_remove_handle(m.get(), c);

  if (a.stopped) {
    out.sink_ended = true;
    out.sink_status = a.sink_status;
    return out;
  }
  if (out.interrupted) return out;
  if (a.ok_stream() && (finished || stalled)) {
    // An event cut off by the drop is discarded (the standard); say so.
    std::string_view rest;
    bool partial = a.splitter.take_partial(rest) != LineSplitter::Next::kNone;
    if (a.sse.reset() || partial) {
      (void)sink.skipped("event cut off by the end of the connection");
      (void)sink.idle();
    }
  }
  if (a.headers_done && (a.status == 401 || a.status == 403)) {
    std::string why = error_text(a.error_body);
    out.fatal =
        auth_error(redact(fmt::format("authentication failed (HTTP {}{}{}): {}", a.status,
                                      why.empty() ? "" : ": ", why,
                                      o.token.empty() ? "the server wants an access token: set "
                                                        "MASTODON_TOKEN or pass --token-file FILE"
                                                      : "check the token and its read scope"),
                          o.token));
    return out;
  }
  if (a.headers_done && a.status == 200 && !a.ok_stream()) {
    out.fatal = network_error(fmt::format(
        "{}{} is not an event stream (Content-Type: {}): is {} a "
        "Mastodon server?",
        o.instance, o.stream.path, a.content_type.empty() ? "none" : a.content_type, o.instance));
    return out;
  }
  bool retryable = a.status == 0 || !a.headers_done || a.status == 200 || a.status >= 500 ||
                   a.status == 408 || a.status == 429;
  if (!retryable) {
    std::string why = error_text(a.error_body);
    out.fatal =
        network_error(redact(fmt::format("{} (--stream {}): HTTP {}{}{}", o.instance, o.stream.name,
                                         a.status, why.empty() ? "" : ": ", why),
                             o.token));
    return out;
  }
  DropFacts f;
  f.stalled = stalled;
  f.stall_ms = o.stall_ms;
  f.status = a.status;
  f.headers_done = a.headers_done;
  f.transfer_ok = result == CURLE_OK;
  if (!f.transfer_ok || a.status == 0)
    f.transfer_error = redact(errbuf[0] ? errbuf : curl::easy_strerror(result), o.token);
  f.delivered = a.delivered;
  if (announced)
    f.connected_ms =
        std::llround(static_cast<double>(clock.mono_ms() - connected_at) / o.time_scale);
  out.drop = classify_drop(f);
  return out;
}

}  // namespace

Status run_mastodon_stream(const MastodonStreamOptions& o, MastodonSink& sink) {
  if (Status loaded = curl::load(); !loaded) return loaded;
  Clock& clock = o.clock ? *o.clock : SystemClock::instance();
  MastodonCounters local;
  MastodonCounters& counters = o.counters ? *o.counters : local;
  Backoff backoff(o.limits);
  RecentIds recent;
  std::mt19937_64 rng(std::random_device{}());
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  bool reconnecting = false;
  for (;;) {
    if (stop_requested()) return Status::ok();
    Outcome out = connect_once(o, clock, sink, recent, counters, reconnecting);
    if (out.sink_ended) return out.sink_status;
    if (out.interrupted) return Status::ok();
    if (!out.fatal) return out.fatal;
    BackoffDecision d = backoff.on_drop(out.drop, clock.now_ms());
    if (d.give_up) return network_error(d.message);
    int64_t wait = jittered_delay_ms(d.delay_ms, unit(rng));
    std::string msg = d.message;
    std::string planned = "reconnecting in " + format_delay(d.delay_ms);
    if (msg.rfind(planned, 0) == 0)
      msg = "reconnecting in " + format_delay(wait) + msg.substr(planned.size());
    log_notice("{}", msg);
    reconnecting = true;
    ++counters.reconnects;
    if (wait > 0) {
      int64_t scaled = std::llround(static_cast<double>(wait) * o.time_scale);
      if (!clock.sleep_ms(scaled)) return Status::ok();
    }
  }
}

}  // namespace tweetmap
