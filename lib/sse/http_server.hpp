// A small HTTP/1.1 server on Boost.Beast: accept loop, request limits and idle timeouts. What to
// answer is up to an HttpHandler, which may also take a connection over (an event stream).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "sse/http_body.hpp"
#include "sse/metrics.hpp"

namespace tweetmap {

using HttpRequest = boost::beast::http::request<boost::beast::http::empty_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

/// Limits that protect the server from slow or abusive clients.
struct HttpLimits {
  size_t max_header_bytes = 8192;  ///< request line + headers; past it: 431 and close
  double idle_timeout_s = 15;      ///< max time to receive a request's headers, and keep-alive idle
};

/// Decides what to answer. Called on the connection's strand, possibly from several threads at
/// once for different connections: implementations must be thread-safe.
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  /// Either fills `res` (and possibly `body`) and returns true, or takes `stream` over (moves it
  /// away) and returns false. With `body` set, `res` holds the header only (its Content-Length is
  /// set from the body).
  virtual bool handle(const HttpRequest& req, HttpResponse& res, HttpBody& body,
                      boost::beast::tcp_stream& stream) = 0;
  /// Fills the answer to a request that could not be read (400, 413, 431).
  virtual void error_response(int status, HttpResponse& res) = 0;
};

/// Parses "HOST:PORT", "[V6]:PORT" or ":PORT" (127.0.0.1) and resolves HOST. Errors (kUsage).
Result<boost::asio::ip::tcp::endpoint> resolve_listen_address(std::string_view spec);

/// Accepts connections and serves them. Start/stop from any thread; the accept loop runs on the
/// io_context's threads.
class HttpServer {
 public:
  HttpServer(boost::asio::io_context& ioc, HttpHandler& handler, HttpLimits limits,
             ServerMetrics& metrics);
  /// Binds and listens. Error (kIo): "cannot listen on ADDR: reason" (e.g. address in use).
  Status listen(const boost::asio::ip::tcp::endpoint& ep);
  /// The bound address (with the real port when port 0 was asked for).
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  /// Starts accepting.
  void start();
  /// Stops accepting (open connections are left alone).
  void stop();

 private:
  void accept();

  boost::asio::io_context& ioc_;
  HttpHandler& handler_;
  const HttpLimits limits_;
  ServerMetrics& metrics_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
};

}  // namespace tweetmap
