// The HTTP routes of sse-serve: /events, /trends, /healthz, /metrics and the static page, with the
// access token, the CORS allow-list, the client limit and the security headers.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sse/http_server.hpp"
#include "sse/hub.hpp"
#include "sse/metrics.hpp"
#include "sse/session.hpp"
#include "sse/static_files.hpp"

namespace tweetmap {

/// The Content-Security-Policy sent with every answer: scripts, styles, fonts and fetches from the
/// server itself only; images also from data: URLs and OpenStreetMap tiles; nothing else.
extern const char* const kContentSecurityPolicy;

/// An answer computed from a query string alone (GET /places): status, body and Content-Type.
struct QueryAnswer {
  int status = 200;
  std::string body;
  std::string type = "application/json; charset=utf-8";
};

struct RouteOptions {
  std::string token;              ///< access token for /events ("" = none)
  std::vector<std::string> cors;  ///< allowed origins ("*" = any; empty = no CORS headers)
  size_t max_clients = 0;         ///< event-stream clients at most (0 = unlimited)
  size_t max_connections = 0;     ///< other HTTP connections at most (0 = unlimited); past it 503
  SessionSettings session;        ///< settings of every event stream
  /// GET /places?QUERY (place search; null: not served). Wired by the tool (cli/place_answer).
  std::function<QueryAnswer(std::string_view query)> places;
};

/// Thread-safe: every member is immutable or atomic after construction.
class SseRoutes : public HttpHandler {
 public:
  /// `web` may be null (no static files: 404). The references must outlive this object.
  SseRoutes(RouteOptions opts, SseHub& hub, ServerMetrics& metrics, StaticFiles* web,
            const std::atomic<bool>& input_open);

  bool handle(const HttpRequest& req, HttpResponse& res, HttpBody& body,
              boost::beast::tcp_stream& stream) override;
  void error_response(int status, HttpResponse& res) override;

 private:
  bool events(const HttpRequest& req, std::string_view query, HttpResponse& res,
              boost::beast::tcp_stream& stream);
  /// GET /history (lib/sse/history_range.hpp).
  void history(const HttpRequest& req, std::string_view query, HttpResponse& res, HttpBody& body);
  /// GET /trends?bbox=W,S,E,N: the view's trends from the newest snapshot (sse/view_trends.hpp).
  void view_trends(const HttpRequest& req, std::string_view query, HttpResponse& res);
  void static_file(const HttpRequest& req, HttpResponse& res, HttpBody& body);
  void text(HttpResponse& res, int status, std::string body,
            std::string_view type = "text/plain; charset=utf-8");
  void common_headers(const HttpRequest& req, HttpResponse& res) const;
  /// The Access-Control-Allow-Origin value for this request's Origin ("" = none).
  std::string allowed_origin(const HttpRequest& req) const;
  bool authorized(const HttpRequest& req, const ClientRequest& client) const;

  const RouteOptions opts_;
  SseHub& hub_;
  ServerMetrics& metrics_;
  StaticFiles* web_;
  const std::atomic<bool>& input_open_;
};

}  // namespace tweetmap
