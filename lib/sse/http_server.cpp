// Beast's file body reads this much per write (its default is 4 KiB): one chunk per answer in
// flight is all the memory a file answer holds. Only this file streams files.
#define BOOST_BEAST_FILE_BUFFER_SIZE 32768
#include "sse/http_server.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/file.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/span_body.hpp>
#include <charconv>
#include <optional>

#include "core/log.hpp"

namespace tweetmap {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

static_assert(BOOST_BEAST_FILE_BUFFER_SIZE == kFileChunkBytes);

namespace {

constexpr int kFileSendBuffer = 128 * 1024;

std::chrono::milliseconds to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000.0));
}

/// One HTTP connection: reads requests one at a time and writes the handler's answers, until the
/// client closes, a limit is hit, or the handler takes the connection over.
class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  HttpConnection(tcp::socket socket, HttpHandler& handler, const HttpLimits& limits,
                 ServerMetrics& metrics)
      : stream_(std::move(socket)), handler_(handler), limits_(limits), metrics_(metrics) {
    metrics_.connections.fetch_add(1, std::memory_order_relaxed);
  }
  ~HttpConnection() { metrics_.connections.fetch_sub(1, std::memory_order_relaxed); }

  void run() { read_request(); }

 private:
  void read_request() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
    parser_->body_limit(0);
    stream_.expires_after(to_ms(limits_.idle_timeout_s));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) {
      int status = 0;
      if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
        status = 431;
      else if (ec == http::error::body_limit || ec == http::error::unexpected_body)
        status = 413;
      else if (ec == beast::error::timeout)
        status = 0;  // a slow or idle client: the stream is already closed
      else if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
               ec != http::error::end_of_stream && ec != http::error::partial_message)
        status = 400;
      if (status == 0) return close();
      res_ = {};
      handler_.error_response(status, res_);
      res_.keep_alive(false);
      return write_response(false);
    }
    const HttpRequest& req = parser_->get();
    res_ = {};
    res_.version(req.version());
    stream_.expires_never();
    HttpBody body;
    if (!handler_.handle(req, res_, body, stream_)) return;  // taken over (event stream)
    bool keep = req.keep_alive() && res_.keep_alive();
    res_.keep_alive(keep);
    if (body.fd >= 0) return write_file(body, keep);
    if (body.shared) return write_shared(std::move(body.shared), keep);
    write_response(keep);
  }

  void count_response() {
    metrics_.http_requests.fetch_add(1, std::memory_order_relaxed);
    int code = static_cast<int>(res_.result_int());
    if (code >= 400 && code < 500) metrics_.http_4xx.fetch_add(1, std::memory_order_relaxed);
    if (code >= 500) metrics_.http_5xx.fetch_add(1, std::memory_order_relaxed);
  }

  // A file answer: Beast's file body reads kFileChunkBytes at a time as the socket takes them.
  void write_file(HttpBody& body, bool keep_alive) {
    count_response();
    // What the kernel holds for a client that does not read is bounded too (autotuning would
    // let each such connection queue megabytes).
    beast::error_code opt_ec;
    stream_.socket().set_option(net::socket_base::send_buffer_size(kFileSendBuffer), opt_ec);
    file_res_.emplace(std::move(res_.base()));
    beast::file f;
    f.native_handle(body.release_file());
    beast::error_code ec;
    file_res_->body().reset(std::move(f), ec);
    file_res_->content_length(body.file_size);
    write_chunks(std::make_shared<http::serializer<false, http::file_body>>(*file_res_),
                 keep_alive);
  }

  // A shared answer (a cached gzip body): every connection sending it points at the same bytes.
  void write_shared(std::shared_ptr<const std::string> data, bool keep_alive) {
    count_response();
    shared_ = std::move(data);
    span_res_.emplace(std::move(res_.base()));
    span_res_->body() = http::span_body<const char>::value_type(shared_->data(), shared_->size());
    span_res_->content_length(shared_->size());
    write_chunks(std::make_shared<http::serializer<false, http::span_body<const char>>>(*span_res_),
                 keep_alive);
  }

  // Writes a streamed answer piece by piece; the idle timeout applies to each piece, so a slow
  // reader keeps its download and a client that takes nothing is cut.
  template <class Body>
  void write_chunks(std::shared_ptr<http::serializer<false, Body>> sr, bool keep_alive) {
    stream_.expires_after(to_ms(limits_.idle_timeout_s));
    http::async_write_some(
        stream_, *sr, [self = shared_from_this(), sr, keep_alive](beast::error_code ec, size_t) {
          if (!ec && !sr->is_done()) return self->write_chunks(sr, keep_alive);
          self->file_res_.reset();
          self->span_res_.reset();
          self->shared_.reset();
          if (ec || !keep_alive) return self->close();
          self->read_request();
        });
  }

  void write_response(bool keep_alive) {
    count_response();
    stream_.expires_after(to_ms(limits_.idle_timeout_s));
    http::async_write(stream_, res_,
                      [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                        if (ec || !keep_alive) return self->close();
                        self->read_request();
                      });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  HttpHandler& handler_;
  const HttpLimits& limits_;
  ServerMetrics& metrics_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> parser_;
  HttpResponse res_;
  std::optional<http::response<http::file_body>> file_res_;
  std::optional<http::response<http::span_body<const char>>> span_res_;
  std::shared_ptr<const std::string> shared_;
};

}  // namespace

Result<tcp::endpoint> resolve_listen_address(std::string_view spec) {
  std::string host, port;
  if (!spec.empty() && spec.front() == '[') {
    size_t close = spec.find(']');
    if (close == std::string_view::npos || close + 1 >= spec.size() || spec[close + 1] != ':')
      return usage_error(fmt::format("bad --listen '{}' (expected [V6ADDR]:PORT)", spec));
    host = std::string(spec.substr(1, close - 1));
    port = std::string(spec.substr(close + 2));
  } else {
    size_t colon = spec.rfind(':');
    if (colon == std::string_view::npos)
      return usage_error(fmt::format("bad --listen '{}' (expected HOST:PORT)", spec));
    host = std::string(spec.substr(0, colon));
    port = std::string(spec.substr(colon + 1));
  }
  unsigned p = 0;
  auto r = std::from_chars(port.data(), port.data() + port.size(), p);
  if (r.ec != std::errc{} || r.ptr != port.data() + port.size() || p > 65535)
    return usage_error(fmt::format("bad port in --listen '{}'", spec));
  if (host.empty()) host = "127.0.0.1";
  boost::system::error_code ec;
  auto addr = net::ip::make_address(host, ec);
  if (!ec) return tcp::endpoint(addr, static_cast<unsigned short>(p));
  net::io_context ioc;
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, port, ec);
  if (ec || results.empty())
    return usage_error(fmt::format("cannot resolve --listen host '{}': {}", host, ec.message()));
  return results.begin()->endpoint();
}

HttpServer::HttpServer(net::io_context& ioc, HttpHandler& handler, HttpLimits limits,
                       ServerMetrics& metrics)
    : ioc_(ioc),
      handler_(handler),
      limits_(limits),
      metrics_(metrics),
      acceptor_(net::make_strand(ioc)),
      retry_timer_(acceptor_.get_executor()) {}

Status HttpServer::listen(const tcp::endpoint& ep) {
  boost::system::error_code ec;
  auto fail = [&](const char* what) {
    std::string addr = ep.address().is_v6()
                           ? fmt::format("[{}]:{}", ep.address().to_string(), ep.port())
                           : fmt::format("{}:{}", ep.address().to_string(), ep.port());
    return io_error(fmt::format("cannot listen on {}: {}{}", addr, what, ec.message()));
  };
  acceptor_.open(ep.protocol(), ec);
  if (ec) return fail("");
  acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  acceptor_.bind(ep, ec);
  if (ec) return fail("");
  acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail("");
  return Status::ok();
}

tcp::endpoint HttpServer::local_endpoint() const {
  boost::system::error_code ec;
  return acceptor_.local_endpoint(ec);
}

void HttpServer::start() {
  net::post(acceptor_.get_executor(), [this] { accept(); });
}

void HttpServer::stop() {
  net::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ec;
    acceptor_.close(ec);
    retry_timer_.cancel();
  });
}

void HttpServer::accept() {
  acceptor_.async_accept(
      net::make_strand(ioc_), [this](boost::system::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
        if (ec) {
          // Out of file descriptors (or similar): back off instead of spinning.
          static std::atomic<int64_t> last_warned{0};
          auto now = std::chrono::steady_clock::now().time_since_epoch() / std::chrono::seconds(1);
          if (last_warned.exchange(now) != now) log_warning("accept failed: {}", ec.message());
          retry_timer_.expires_after(std::chrono::milliseconds(100));
          retry_timer_.async_wait([this](boost::system::error_code e) {
            if (!e) accept();
          });
          return;
        }
        boost::system::error_code opt_ec;
        socket.set_option(tcp::no_delay(true), opt_ec);
        std::make_shared<HttpConnection>(std::move(socket), handler_, limits_, metrics_)->run();
        accept();
      });
}

}  // namespace tweetmap
