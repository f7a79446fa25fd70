// Fuzz target: sse-serve's request handling. The input is the raw bytes a client sends: parsed as
// the server parses them (Beast, same header and body limits), then answered by the real routes
// over a real web folder (path resolution, percent-decoding, symlinks, conditional requests), with
// the /events query string, Last-Event-ID, Origin and Authorization headers. The input's first
// line is also read as an input line of the hub (the SSE framing of untrusted records).
//
// Properties: no crash; no file outside the web folder and no hidden file is ever served; every
// answer carries the security headers; no header value carries CR, LF or NUL (header injection);
// /events never answers 200 without the access token; event frames are well-formed.
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "fuzz_check.hpp"
#include "sse/hub.hpp"
#include "sse/metrics.hpp"
#include "sse/query.hpp"
#include "sse/routes.hpp"
#include "sse/static_files.hpp"

namespace fs = std::filesystem;
namespace http = boost::beast::http;
using tweetmap::fuzz::check;

namespace {

constexpr std::string_view kToken = "fuzz-token-7Qx9";
constexpr std::string_view kOutside = "OUTSIDE-SECRET-4c1d";
constexpr std::string_view kHidden = "HIDDEN-SECRET-9e2a";

void write_file(const fs::path& p, std::string_view content) {
  std::ofstream(p, std::ios::binary) << content;
}

struct World {
  fs::path dir;
  boost::asio::io_context ioc;
  tweetmap::ManualClock clock{1'700'000'000'000};
  tweetmap::ServerMetrics metrics;
  std::unique_ptr<tweetmap::SseHub> hub;
  std::unique_ptr<tweetmap::StaticFiles> web;
  std::atomic<bool> input_open{true};
  std::unique_ptr<tweetmap::SseRoutes> routes;

  World() {
    tweetmap::set_tool_name("sse-serve");
    tweetmap::set_verbosity(tweetmap::Verbosity::kQuiet);
    char tmpl[] = "/tmp/sse-fuzz-XXXXXX";
    check(mkdtemp(tmpl) != nullptr, "mkdtemp");
    dir = tmpl;
    // A web folder with an index, a sub-folder, a hidden file and symlinks pointing out of it.
    fs::create_directories(dir / "web" / "sub");
    fs::create_directories(dir / "web" / "assets");
    write_file(dir / "web" / "index.html", "<!doctype html><title>map</title>");
    write_file(dir / "web" / "sub" / "index.html", "<p>sub</p>");
    write_file(dir / "web" / "assets" / "app.js", "console.log('map');");
    write_file(dir / "web" / "assets" / "style.css", "body{margin:0}");
    write_file(dir / "web" / ".hidden", kHidden);
    write_file(dir / "outside.txt", kOutside);
    fs::create_symlink(dir / "outside.txt", dir / "web" / "link.txt");
    fs::create_directory_symlink(dir, dir / "web" / "up");
    auto web_or = tweetmap::StaticFiles::open((dir / "web").string());
    check(web_or.is_ok(), "StaticFiles::open");
    web = std::move(web_or).value();
    hub = std::make_unique<tweetmap::SseHub>(42, tweetmap::HistoryLimits{16, 0}, clock, metrics);
    tweetmap::RouteOptions opts;
    opts.token = std::string(kToken);
    opts.cors = {"https://map.example"};
    // The one client slot is taken: /events is parsed and authorized in full, but never takes the
    // connection over (there is no peer to stream to).
    opts.max_clients = 1;
    metrics.clients = 1;
    routes = std::make_unique<tweetmap::SseRoutes>(opts, *hub, metrics, web.get(), input_open);
  }
  ~World() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

World& world() {
  static World w;
  return w;
}

void check_header_values(const tweetmap::HttpResponse& res) {
  for (const auto& field : res) {
    std::string_view v = field.value();
    check(v.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos,
          "a response header value carries CR, LF or NUL");
  }
}

void fuzz_request(World& w, std::string_view bytes) {
  http::request_parser<http::empty_body> parser;
  parser.header_limit(8192);
  parser.body_limit(0);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  if (ec || !parser.is_done()) {
    if (ec) {
      tweetmap::HttpResponse res;
      w.routes->error_response(400, res);
      check_header_values(res);
    }
    return;
  }
  const tweetmap::HttpRequest& req = parser.get();
  tweetmap::HttpResponse res;
  res.version(req.version());
  boost::beast::tcp_stream stream(w.ioc);
  tweetmap::HttpBody streamed;
  bool answered = w.routes->handle(req, res, streamed, stream);
  check(answered, "a request took the connection over although every client slot is taken");
  check(res.find("Content-Security-Policy") != res.end(), "answer without a CSP header");
  check(res.find("X-Content-Type-Options") != res.end(), "answer without nosniff");
  check_header_values(res);
  // A file answer is streamed from its descriptor, a gzip answer shared: read either.
  std::string body = res.body();
  if (streamed.shared) body += *streamed.shared;
  if (streamed.fd >= 0) {
    char buf[4096];
    ssize_t n;
    while ((n = ::read(streamed.fd, buf, sizeof buf)) > 0) body.append(buf, static_cast<size_t>(n));
  }
  // The secrets may appear in the answer only when the request itself carried them (an error
  // message quotes a bad parameter; the fuzzer learns the strings from these very checks).
  auto leaked = [&](std::string_view secret) {
    return body.find(secret) != std::string::npos && bytes.find(secret) == std::string_view::npos;
  };
  check(!leaked(kOutside), "a file outside the web folder was served");
  check(!leaked(kHidden), "a hidden file was served");
  std::string_view target = req.target();
  if (target.substr(0, 7) == "/events" && (target.size() == 7 || target[7] == '?'))
    check(res.result_int() != 200, "/events answered 200 (the client slots are full)");
  std::ostringstream wire;
  wire << res;  // the answer serializes
}

void fuzz_event_line(World& w, std::string_view line) {
  std::string why;
  tweetmap::EventPtr ev = w.hub->make_event(line, false, &why);
  if (!ev) return;
  std::string_view f = ev->frame;
  // "event: T\nid: E-S\ndata: D\n\n" with no other line break: nothing in a record can start a
  // new SSE field or event.
  check(f.substr(0, 7) == "event: ", "frame does not start with event:");
  check(f.size() >= 2 && f.substr(f.size() - 2) == "\n\n", "frame does not end with a blank line");
  size_t lines = 0;
  for (char c : f.substr(0, f.size() - 2))
    if (c == '\n') ++lines;
  check(lines == 2, "a record broke the SSE framing (extra line break)");
  check(f.find('\r') == std::string_view::npos, "CR in an SSE frame");
  check(f.find("\nid: ") != std::string_view::npos && f.find("\ndata: ") != std::string_view::npos,
        "frame without id: or data:");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = world();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  fuzz_request(w, bytes);

  // The query string and Last-Event-ID parsers on their own, fed the raw bytes.
  size_t cut = bytes.find('\n');
  std::string_view first = bytes.substr(0, cut);
  std::string_view rest =
      cut == std::string_view::npos ? std::string_view{} : bytes.substr(cut + 1);
  (void)tweetmap::parse_client_request(first, rest.substr(0, rest.find('\n')));
  if (auto id = tweetmap::parse_event_id(first))
    check(tweetmap::parse_event_id(tweetmap::format_event_id(*id)) == id, "event id round trip");
  (void)tweetmap::percent_decode(first, true);

  fuzz_event_line(w, first);
  return 0;
}
