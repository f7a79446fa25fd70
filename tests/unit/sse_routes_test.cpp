#include "sse/routes.hpp"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fstream>

#include "core/clock.hpp"

using namespace tweetmap;
namespace http = boost::beast::http;

namespace {

// One SseRoutes over a hub with a manual clock; answers requests without a network (every route
// but a successful /events answers in `res` and leaves the stream alone).
struct Server {
  explicit Server(RouteOptions opts = {}, StaticFiles* web = nullptr)
      : hub(1, HistoryLimits{10, 0}, clock, metrics),
        routes(std::move(opts), hub, metrics, web, input_open) {}

  HttpResponse ask(http::verb verb, std::string target,
                   std::initializer_list<std::pair<std::string, std::string>> headers = {}) {
    HttpRequest req{verb, target, 11};
    for (const auto& [k, v] : headers) req.set(k, v);
    HttpResponse res;
    res.version(11);
    body = std::make_unique<HttpBody>();
    boost::beast::tcp_stream stream(io);
    handled = routes.handle(req, res, *body, stream);
    return res;
  }

  boost::asio::io_context io;
  ManualClock clock;
  ServerMetrics metrics;
  std::atomic<bool> input_open{true};
  SseHub hub;
  SseRoutes routes;
  std::unique_ptr<HttpBody> body;
  bool handled = false;
};

std::string field(const HttpResponse& res, std::string_view name) {
  auto it = res.find(name);
  return it == res.end() ? std::string{} : std::string(it->value());
}

}  // namespace

TEST_CASE("sse_routes: every answer carries the security headers and no cache for text") {
  Server s;
  for (const char* path : {"/healthz", "/metrics", "/nothing", "/events?track=%ZZ"}) {
    CAPTURE(path);
    HttpResponse res = s.ask(http::verb::get, path);
    CHECK(field(res, "Server") == "sse-serve");
    CHECK(field(res, "Content-Security-Policy") == kContentSecurityPolicy);
    CHECK(field(res, "X-Content-Type-Options") == "nosniff");
    CHECK(field(res, "X-Frame-Options") == "DENY");
    CHECK(field(res, "Referrer-Policy") == "no-referrer");
    CHECK(field(res, "Cache-Control") == "no-store");
  }
}

TEST_CASE("sse_routes: /healthz says whether the input is still open") {
  Server s;
  HttpResponse res = s.ask(http::verb::get, "/healthz");
  CHECK(res.result_int() == 200);
  CHECK(res.body() == "ok\n");
  s.input_open = false;
  CHECK(s.ask(http::verb::get, "/healthz").body() == "ok (input ended)\n");
}

TEST_CASE("sse_routes: /metrics is Prometheus text with the hub's counters") {
  Server s;
  s.metrics.lines_in = 42;
  HttpResponse res = s.ask(http::verb::get, "/metrics");
  CHECK(res.result_int() == 200);
  CHECK(field(res, "Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(res.body().find("sse_input_lines_total 42") != std::string::npos);
}

TEST_CASE("sse_routes: HEAD keeps the length and drops the body") {
  Server s;
  HttpResponse res = s.ask(http::verb::head, "/healthz");
  CHECK(res.result_int() == 200);
  CHECK(res.body().empty());
  CHECK(field(res, "Content-Length") == "3");
}

TEST_CASE("sse_routes: methods other than GET, HEAD and OPTIONS get 405 with Allow") {
  Server s;
  for (http::verb v : {http::verb::post, http::verb::put, http::verb::delete_}) {
    HttpResponse res = s.ask(v, "/events");
    CHECK(res.result_int() == 405);
    CHECK(field(res, "Allow") == "GET, HEAD, OPTIONS");
  }
  HttpResponse pre = s.ask(http::verb::options, "/events");
  CHECK(pre.result_int() == 204);
  CHECK(field(pre, "Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS");
  CHECK(field(pre, "Access-Control-Allow-Headers").find("Last-Event-ID") != std::string::npos);
}

TEST_CASE("sse_routes: CORS answers only the allowed origins") {
  RouteOptions o;
  o.cors = {"https://map.example"};
  Server s(o);
  HttpResponse ok = s.ask(http::verb::get, "/healthz", {{"Origin", "https://map.example"}});
  CHECK(field(ok, "Access-Control-Allow-Origin") == "https://map.example");
  CHECK(field(ok, "Vary") == "Origin");
  HttpResponse other = s.ask(http::verb::get, "/healthz", {{"Origin", "https://evil.example"}});
  CHECK(field(other, "Access-Control-Allow-Origin").empty());

  RouteOptions any;
  any.cors = {"*"};
  Server t(any);
  HttpResponse star = t.ask(http::verb::get, "/healthz");
  CHECK(field(star, "Access-Control-Allow-Origin") == "*");
  CHECK(field(star, "Vary").empty());

  Server none;
  CHECK(field(none.ask(http::verb::get, "/healthz", {{"Origin", "https://map.example"}}),
              "Access-Control-Allow-Origin")
            .empty());
}

TEST_CASE("sse_routes: /events refuses a bad query with its reason, before anything else") {
  RouteOptions o;
  o.token = "secret";
  Server s(o);
  HttpResponse res = s.ask(http::verb::get, "/events?track=%ZZ");
  CHECK(res.result_int() == 400);
  CHECK(res.body().find('\n') == res.body().size() - 1);  // one line
  CHECK(res.body().size() > 1);
  CHECK(s.handled);
}

TEST_CASE("sse_routes: /events wants the token as a bearer header or token=") {
  RouteOptions o;
  o.token = "secret";
  o.max_clients = 1;
  Server s(o);
  HttpResponse none = s.ask(http::verb::get, "/events");
  CHECK(none.result_int() == 401);
  CHECK(field(none, "WWW-Authenticate") == "Bearer realm=\"sse-serve\"");
  CHECK(s.ask(http::verb::get, "/events?token=wrong").result_int() == 401);
  CHECK(s.ask(http::verb::get, "/events", {{"Authorization", "Bearer wrong"}}).result_int() == 401);
  // Right token, but the one client place is taken: the token was accepted (503, not 401).
  s.metrics.clients = 1;
  CHECK(s.ask(http::verb::get, "/events", {{"Authorization", "bearer secret"}}).result_int() ==
        503);
  CHECK(s.ask(http::verb::get, "/events?token=secret").result_int() == 503);
}

TEST_CASE("sse_routes: past --max-clients /events gets 503 with Retry-After and is counted") {
  RouteOptions o;
  o.max_clients = 2;
  Server s(o);
  s.metrics.clients = 2;
  HttpResponse res = s.ask(http::verb::get, "/events");
  CHECK(res.result_int() == 503);
  CHECK(field(res, "Retry-After") == "5");
  CHECK(res.body() == "too many clients\n");
  CHECK(s.metrics.clients_rejected.load() == 1);
}

TEST_CASE("sse_routes: past --max-connections other requests get 503 and the connection closes") {
  RouteOptions o;
  o.max_connections = 3;
  Server s(o);
  s.metrics.connections = 3;
  CHECK(s.ask(http::verb::get, "/healthz").result_int() == 200);
  s.metrics.connections = 4;
  HttpResponse res = s.ask(http::verb::get, "/healthz");
  CHECK(res.result_int() == 503);
  CHECK_FALSE(res.keep_alive());
  CHECK(field(res, "Retry-After") == "5");
}

TEST_CASE("sse_routes: without --web every other path is 404, with it files are streamed") {
  Server s;
  CHECK(s.ask(http::verb::get, "/index.html").result_int() == 404);

  auto dir = std::filesystem::temp_directory_path() / "tweetmap-routes-test";
  std::filesystem::create_directories(dir);
  const std::string page = "<!doctype html><title>map</title>\n";
  std::ofstream(dir / "index.html") << page;
  StaticFiles web(std::filesystem::canonical(dir).string());
  Server w({}, &web);
  HttpResponse res = w.ask(http::verb::get, "/");
  CHECK(res.result_int() == 200);
  CHECK(field(res, "Content-Type").find("text/html") == 0);
  CHECK(field(res, "ETag").size() > 2);
  CHECK(w.body->fd >= 0);  // streamed from its descriptor, not copied into the answer
  CHECK(res.body().empty());
  HttpResponse head = w.ask(http::verb::head, "/");
  CHECK(head.body().empty());
  CHECK(w.body->fd < 0);
  CHECK(field(head, "Content-Length") == std::to_string(page.size()));
  HttpResponse up = w.ask(http::verb::get, "/../etc/passwd");
  CHECK(up.result_int() != 200);
  std::filesystem::remove_all(dir);
}

TEST_CASE("sse_routes: error answers of the server itself") {
  Server s;
  HttpResponse res;
  s.routes.error_response(431, res);
  CHECK(res.result_int() == 431);
  CHECK(res.body() == "request header fields too large\n");
  HttpResponse big;
  s.routes.error_response(413, big);
  CHECK(big.body() == "request body not accepted\n");
  HttpResponse bad;
  s.routes.error_response(400, bad);
  CHECK(bad.body() == "bad request\n");
  CHECK(field(bad, "X-Content-Type-Options") == "nosniff");
}

TEST_CASE("sse_routes: /trends answers the view from the newest trends event, with the token") {
  RouteOptions o;
  o.token = "secret";
  Server s(o);
  auto ask = [&](std::string target) {
    return s.ask(http::verb::get, std::move(target), {{"Authorization", "Bearer secret"}});
  };
  HttpResponse bad = ask("/trends?bbox=1,2,3");
  CHECK(bad.result_int() == 400);
  CHECK(bad.body().find('\n') == bad.body().size() - 1);
  CHECK(s.ask(http::verb::get, "/trends?bbox=-10,35,30,60").result_int() == 401);

  HttpResponse empty = ask("/trends?bbox=-10,35,30,60");
  CHECK(empty.result_int() == 200);
  CHECK(field(empty, "Content-Type") == "application/json; charset=utf-8");
  CHECK(empty.body().find("#rain") == std::string::npos);

  EventPtr ev = s.hub.make_event(
      R"({"type":"trends","ts":1700000340000,"window":300,"scopes":[{"scope":"global","trends":[)"
      R"({"term":"#rain","count":40,"expected":2,"score":6.5,"cells":[{"cell":"u09t","count":40,)"
      R"("center":[2.35,48.85]}]}]}]})",
      false);
  REQUIRE(ev);
  s.hub.publish({ev});
  HttpResponse paris = ask("/trends?bbox=-10,35,30,60");
  CHECK(paris.result_int() == 200);
  CHECK(paris.body().find("#rain") != std::string::npos);
  HttpResponse tokyo = ask("/trends?bbox=130,30,145,40");
  CHECK(tokyo.body().find("#rain") == std::string::npos);
}

TEST_CASE(
    "sse_routes: /history answers a time range as NDJSON, bad ranges with 400, with the token") {
  RouteOptions o;
  o.token = "secret";
  Server s(o);
  auto ask = [&](std::string target) {
    return s.ask(http::verb::get, std::move(target), {{"Authorization", "Bearer secret"}});
  };
  std::vector<EventPtr> batch;
  for (int i = 0; i < 5; ++i)
    batch.push_back(s.hub.make_event(
        R"({"id":")" + std::to_string(i) + R"(","ts":)" + std::to_string(1000000 + i * 1000) + "}",
        false));
  s.hub.publish(batch);
  for (const char* q : {"from=x&until=5", "from=9&until=5", "from=0&until=3600001",
                        "from=0&until=5&limit=0", "until=5", "from=0&until=5&track=%23"}) {
    CAPTURE(q);
    HttpResponse bad = ask(std::string("/history?") + q);
    CHECK(bad.result_int() == 400);
    CHECK(bad.body().find('\n') == bad.body().size() - 1);  // one line
  }
  CHECK(s.ask(http::verb::get, "/history?from=1001000&until=1003000").result_int() == 401);

  HttpResponse r = ask("/history?from=1001000&until=1003000");
  CHECK(r.result_int() == 200);
  CHECK(field(r, "Content-Type") == "application/x-ndjson; charset=utf-8");
  CHECK(field(r, "X-History-Events") == "3");
  CHECK(field(r, "X-History-Oldest") == "1000000");
  CHECK(field(r, "X-History-Newest") == "1004000");
  CHECK(field(r, "X-History-Truncated").empty());
  REQUIRE(s.body->shared);
  CHECK(*s.body->shared ==
        "{\"id\":\"1\",\"ts\":1001000}\n{\"id\":\"2\",\"ts\":1002000}\n{\"id\":\"3\",\"ts\":"
        "1003000}\n");
  HttpResponse cut = ask("/history?from=1001000&until=1003000&limit=1");
  CHECK(field(cut, "X-History-Truncated") == "1");
  CHECK(*s.body->shared == "{\"id\":\"3\",\"ts\":1003000}\n");
}
