#include "sse/routes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "core/log.hpp"
#include "sse/history_range.hpp"
#include "sse/view_trends.hpp"

namespace tweetmap {
namespace beast = boost::beast;
namespace http = beast::http;

const char* const kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: https://*.tile.openstreetmap.org; connect-src 'self'; "
    "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

namespace {

constexpr std::string_view kSecurityHeaders =
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: no-referrer\r\n"
    "X-Frame-Options: DENY\r\n";

template <typename Key>
std::string_view header(const HttpRequest& req, Key f) {
  auto it = req.find(f);
  return it == req.end() ? std::string_view{} : std::string_view(it->value());
}

}  // namespace

SseRoutes::SseRoutes(RouteOptions opts, SseHub& hub, ServerMetrics& metrics, StaticFiles* web,
                     const std::atomic<bool>& input_open)
    : opts_(std::move(opts)), hub_(hub), metrics_(metrics), web_(web), input_open_(input_open) {}

std::string SseRoutes::allowed_origin(const HttpRequest& req) const {
  if (opts_.cors.empty()) return {};
  std::string_view origin = header(req, http::field::origin);
  if (std::find(opts_.cors.begin(), opts_.cors.end(), "*") != opts_.cors.end()) return "*";
  if (origin.empty()) return {};
  if (std::find(opts_.cors.begin(), opts_.cors.end(), origin) != opts_.cors.end())
    return std::string(origin);
  return {};
}

void SseRoutes::common_headers(const HttpRequest& req, HttpResponse& res) const {
  res.set(http::field::server, "sse-serve");
  res.set("Content-Security-Policy", kContentSecurityPolicy);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
  std::string origin = allowed_origin(req);
  if (!origin.empty()) {
    res.set(http::field::access_control_allow_origin, origin);
    if (origin != "*") res.set(http::field::vary, "Origin");
  }
}

void SseRoutes::text(HttpResponse& res, int status, std::string body, std::string_view type) {
  res.result(static_cast<unsigned>(status));
  res.set(http::field::content_type, type);
  res.set(http::field::cache_control, "no-store");
  res.body() = std::move(body);
  res.prepare_payload();
}

void SseRoutes::error_response(int status, HttpResponse& res) {
  res.version(11);
  res.set(http::field::server, "sse-serve");
  res.set("X-Content-Type-Options", "nosniff");
  const char* msg = status == 431   ? "request header fields too large\n"
                    : status == 413 ? "request body not accepted\n"
                                    : "bad request\n";
  text(res, status, msg);
}

bool SseRoutes::handle(const HttpRequest& req, HttpResponse& res, HttpBody& body,
                       beast::tcp_stream& stream) {
  std::string_view target = req.target();
  std::string_view path = target.substr(0, target.find('?'));
  std::string_view query =
      path.size() < target.size() ? target.substr(path.size() + 1) : std::string_view{};
  log_debug("{} {}", std::string_view(req.method_string()), path);  // never the query (token=)
  common_headers(req, res);
  if (req.method() == http::verb::options) {
    res.result(http::status::no_content);
    res.set(http::field::access_control_allow_methods, "GET, HEAD, OPTIONS");
    res.set(http::field::access_control_allow_headers,
            "Authorization, Last-Event-ID, Cache-Control");
    res.set(http::field::access_control_max_age, "600");
    res.prepare_payload();
    return true;
  }
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    res.set(http::field::allow, "GET, HEAD, OPTIONS");
    text(res, 405, "method not allowed\n");
    return true;
  }
  bool keep_body = req.method() == http::verb::get;
  if (path == "/events") {
    return events(req, query, res, stream);
  } else if (opts_.max_connections > 0 && metrics_.connections.load(std::memory_order_relaxed) >
                                              static_cast<int64_t>(opts_.max_connections)) {
    // Every connection but the event streams counts (this one included): an answer in flight
    // holds a file and a socket.
    res.set(http::field::retry_after, "5");
    text(res, 503, "too many connections\n");
    res.keep_alive(false);
  } else if (path == "/history") {
    history(req, query, res, body);
  } else if (path == "/healthz") {
    text(res, 200, input_open_.load() ? "ok\n" : "ok (input ended)\n");
  } else if (path == "/places" && opts_.places) {
    QueryAnswer a = opts_.places(query);
    text(res, a.status, std::move(a.body), a.type);
  } else if (path == "/metrics") {
    MetricsSnapshot snap;
    hub_.fill_snapshot(snap);
    snap.input_open = input_open_.load();
    text(res, 200, render_prometheus(metrics_, snap), "text/plain; version=0.0.4; charset=utf-8");
  } else if (path == "/trends") {
    view_trends(req, query, res);
  } else if (web_) {
    static_file(req, res, body);
  } else {
    text(res, 404, "not found\n");
  }
  if (!keep_body && res.result() != http::status::not_modified) {
    // HEAD: the same headers (Content-Length included), no body.
    uint64_t len = body.fd >= 0  ? body.file_size
                   : body.shared ? body.shared->size()
                                 : res.body().size();
    body.set_file(-1, 0);
    body.shared.reset();
    res.body().clear();
    res.content_length(len);
  }
  return true;
}

bool SseRoutes::authorized(const HttpRequest& req, const ClientRequest& client) const {
  if (opts_.token.empty()) return true;
  std::string_view auth = header(req, http::field::authorization);
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() > kBearer.size() &&
      std::equal(kBearer.begin(), kBearer.end(), auth.begin(),
                 [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    if (constant_time_equal(auth.substr(kBearer.size()), opts_.token)) return true;
  }
  return client.has_token_param && constant_time_equal(client.token, opts_.token);
}

bool SseRoutes::events(const HttpRequest& req, std::string_view query, HttpResponse& res,
                       beast::tcp_stream& stream) {
  auto client = parse_client_request(query, header(req, "Last-Event-ID"));
  if (!client) {
    text(res, 400, client.status().message() + "\n");
    return true;
  }
  if (!authorized(req, *client)) {
    res.set(http::field::www_authenticate, "Bearer realm=\"sse-serve\"");
    text(res, 401, "access token required\n");
    return true;
  }
  if (opts_.max_clients > 0 &&
      metrics_.clients.load(std::memory_order_relaxed) >= static_cast<int64_t>(opts_.max_clients)) {
    metrics_.clients_rejected.fetch_add(1, std::memory_order_relaxed);
    res.set(http::field::retry_after, "5");
    text(res, 503, "too many clients\n");
    return true;
  }
  if (req.method() == http::verb::head) {
    res.result(http::status::ok);
    res.set(http::field::content_type, "text/event-stream");
    res.set(http::field::cache_control, "no-cache");
    return true;
  }
  std::string head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
      "Cache-Control: no-cache, no-transform\r\nX-Accel-Buffering: no\r\n"
      "Server: sse-serve\r\n";
  head += kSecurityHeaders;
  std::string origin = allowed_origin(req);
  if (!origin.empty()) {
    head += fmt::format("Access-Control-Allow-Origin: {}\r\n", origin);
    if (origin != "*") head += "Vary: Origin\r\n";
  }
  head += "\r\n";
  metrics_.http_requests.fetch_add(1, std::memory_order_relaxed);
  stream.expires_never();
  auto session = std::make_shared<SseSession>(stream.release_socket(), std::move(*client),
                                              opts_.session, hub_, metrics_);
  session->run(std::move(head));
  return false;
}

void SseRoutes::history(const HttpRequest& req, std::string_view query, HttpResponse& res,
                        HttpBody& body) {
  auto client = parse_client_request(query, {});
  auto range = client ? parse_history_range(query) : Result<HistoryRange>(client.status());
  if (!range) return text(res, 400, range.status().message() + "\n");
  if (!authorized(req, *client)) {
    res.set(http::field::www_authenticate, "Bearer realm=\"sse-serve\"");
    return text(res, 401, "access token required\n");
  }
  if (history_answers_bytes() > kMaxHistoryAnswersBytes) {
    res.set(http::field::retry_after, "1");
    return text(res, 503, "too many history answers in flight\n");
  }
  HistorySlice slice = hub_.range(*range, *client);
  set_history_headers(res, slice);
  body.shared = counted_body(history_ndjson(slice.events, kMaxHistoryAnswerBytes, slice.truncated));
  if (slice.truncated) res.set("X-History-Truncated", "1");
  res.content_length(body.shared->size());
}

void SseRoutes::view_trends(const HttpRequest& req, std::string_view query, HttpResponse& res) {
  auto q = parse_view_trends_query(query);
  if (!q) return text(res, 400, q.status().message() + "\n");
  ClientRequest who;  // the same token as /events: the trends are part of the stream
  who.token = q->token;
  who.has_token_param = q->has_token_param;
  if (!authorized(req, who)) {
    res.set(http::field::www_authenticate, "Bearer realm=\"sse-serve\"");
    return text(res, 401, "access token required\n");
  }
  ViewTrends found;
  if (EventPtr latest = hub_.latest_trends()) {
    auto v = tweetmap::view_trends(event_data(*latest), q->bbox, q->limit);
    if (!v) return text(res, 500, v.status().message() + "\n");
    found = std::move(*v);
  }
  text(res, 200, view_trends_json(found, q->bbox) + "\n", "application/json; charset=utf-8");
}

void SseRoutes::static_file(const HttpRequest& req, HttpResponse& res, HttpBody& body) {
  StaticRequest sreq;
  sreq.target = req.target();
  sreq.if_none_match = header(req, http::field::if_none_match);
  sreq.if_modified_since = header(req, http::field::if_modified_since);
  sreq.accept_encoding = header(req, http::field::accept_encoding);
  StaticResponse sr = web_->serve(sreq);
  switch (sr.status) {
    case 200:
    case 304:
      res.result(static_cast<unsigned>(sr.status));
      res.set(http::field::etag, sr.etag);
      res.set(http::field::last_modified, sr.last_modified);
      res.set(http::field::cache_control, "no-cache");
      if (sr.compressible) {
        auto vary = res.find(http::field::vary);
        res.set(http::field::vary, vary == res.end()
                                       ? std::string("Accept-Encoding")
                                       : std::string(vary->value()) + ", Accept-Encoding");
      }
      if (sr.status == 200) {
        res.set(http::field::content_type, sr.content_type);
        if (sr.gzip) res.set(http::field::content_encoding, "gzip");
        // Streamed or shared, never copied into the answer.
        if (sr.gz_body) {
          body.shared = std::move(sr.gz_body);
        } else {
          body.set_file(std::exchange(sr.fd, -1), sr.size);
        }
        res.content_length(sr.size);
        return;
      }
      res.prepare_payload();
      return;
    case 301:
      res.set(http::field::location, sr.location);
      text(res, 301, "moved\n");
      return;
    case 400:
      text(res, 400, "bad request\n");
      return;
    case 403:
      text(res, 403, "forbidden\n");
      return;
    case 500:
      text(res, 500, "cannot read file\n");
      return;
    default:
      text(res, 404, "not found\n");
      return;
  }
}

}  // namespace tweetmap
