#include "bluesky/ws_connection.hpp"

#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <type_traits>

#include <fmt/format.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "core/delay.hpp"
#include "core/signals.hpp"

namespace tweetmap::bluesky {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using boost::system::error_code;

using PlainWs = websocket::stream<beast::tcp_stream>;
using TlsWs = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

constexpr size_t kChunk = 64 * 1024;
constexpr size_t kPadding = 64;

// A close reason on one line: control characters become spaces (the reason is at most 123 bytes
// by the protocol, but a hostile server may put anything there).
std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  return out;
}

// The state shared by the session's handlers and the watchdog loop of run_connection.
struct State {
  const Endpoint& endpoint;
  const ConnectionOptions& o;
  Clock& clock;
  MessageHandler& handler;
  ConnectionOutcome out;
  bool finished = false;
  bool open = false;
  bool wrote = false;  // messages handed over since the last idle()
  int64_t started_ms = 0;
  int64_t opened_ms = 0;
  int64_t last_message_ms = 0;
  std::string phase = "connect";  // for the timeout message

  void finish(ConnectionEndKind kind, std::string cause) {
    if (finished) return;
    finished = true;
    out.kind = kind;
    out.cause = std::move(cause);
    if (open)
      out.open_ms =
          static_cast<int64_t>(static_cast<double>(clock.mono_ms() - opened_ms) / o.time_scale);
  }
};

template <class Ws>
class Session {
 public:
  template <class... Args>
  Session(State& s, net::io_context& ioc, Args&&... args)
      : s_(s), resolver_(ioc), ws_(ioc, std::forward<Args>(args)...) {}

  void start() {
    resolver_.async_resolve(
        s_.endpoint.host, s_.endpoint.port, [this](error_code ec, tcp::resolver::results_type r) {
          if (s_.finished) return;
          if (ec)
            return s_.finish(ConnectionEndKind::kNetwork,
                             fmt::format("cannot resolve {}: {}", s_.endpoint.host, ec.message()));
          connect(r);
        });
  }

  // Ends the connection from outside (timeout, stall, stop): closing the socket makes every
  // pending operation complete at once.
  void abort(ConnectionEndKind kind, std::string cause) {
    s_.finish(kind, std::move(cause));
    close();
  }

  void close() {
    error_code ec;
    resolver_.cancel();
    beast::get_lowest_layer(ws_).socket().close(ec);
  }

  // True when the socket has no byte waiting: a good moment to flush the output.
  bool drained() {
    error_code ec;
    return beast::get_lowest_layer(ws_).socket().available(ec) == 0;
  }

 private:
  void connect(const tcp::resolver::results_type& r) {
    beast::get_lowest_layer(ws_).async_connect(r, [this](error_code ec, const tcp::endpoint&) {
      if (s_.finished) return;
      if (ec)
        return s_.finish(ConnectionEndKind::kNetwork,
                         fmt::format("cannot connect to {}:{}: {}", s_.endpoint.host,
                                     s_.endpoint.port, ec.message()));
      if constexpr (std::is_same_v<Ws, TlsWs>) {
        s_.phase = "TLS handshake";
        auto& tls = ws_.next_layer();
        SSL_set_tlsext_host_name(tls.native_handle(), s_.endpoint.host.c_str());
        tls.set_verify_callback(ssl::host_name_verification(s_.endpoint.host));
        tls.async_handshake(ssl::stream_base::client, [this](error_code hec) {
          if (s_.finished) return;
          if (hec)
            return s_.finish(
                ConnectionEndKind::kNetwork,
                fmt::format("TLS handshake with {} failed: {}", s_.endpoint.host, hec.message()));
          upgrade();
        });
      } else {
        upgrade();
      }
    });
  }

  void upgrade() {
    s_.phase = "WebSocket upgrade";
    // Timeouts are the watchdog's (run_connection); Beast answers pings on its own.
    ws_.set_option(websocket::stream_base::timeout{websocket::stream_base::none(),
                                                   websocket::stream_base::none(), false});
    std::string agent = s_.o.user_agent;
    ws_.set_option(websocket::stream_base::decorator(
        [agent](websocket::request_type& req) { req.set(beast::http::field::user_agent, agent); }));
    // Messages are read frame by frame into a bounded buffer (read()), so Beast's own limit is
    // lifted: an oversized message is skipped, not a reason to drop the connection.
    ws_.read_message_max(0);
    ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
      if (kind == websocket::frame_type::ping) ++s_.out.pings;
    });
    ws_.async_handshake(res_, s_.endpoint.host_header(), s_.o.target, [this](error_code ec) {
      if (s_.finished) return;
      if (ec == websocket::error::upgrade_declined) {
        s_.out.http_status = res_.result_int();
        return s_.finish(ConnectionEndKind::kRejected,
                         fmt::format("HTTP {} to the WebSocket upgrade", res_.result_int()));
      }
      if (ec)
        return s_.finish(ConnectionEndKind::kNetwork,
                         fmt::format("WebSocket upgrade failed: {}", ec.message()));
      s_.open = true;
      s_.opened_ms = s_.last_message_ms = s_.clock.mono_ms();
      s_.handler.opened();
      read();
    });
  }

  void read() {
    ws_.async_read_some(net::buffer(chunk_), [this](error_code ec, size_t n) { on_read(ec, n); });
  }

  void on_read(error_code ec, size_t n) {
    if (s_.finished) return;
    if (ec) return ended(ec);
    // Any frame of a message is a sign of life, so a slow huge message is no stall.
    s_.last_message_ms = s_.clock.mono_ms();
    if (!oversized_ && msg_.size() + n > s_.o.max_message_bytes) {
      oversized_ = true;
      dropped_ = msg_.size();
      msg_.clear();
      msg_.shrink_to_fit();
    }
    if (oversized_)
      dropped_ += n;
    else
      msg_.append(chunk_.data(), n);
    if (ws_.is_message_done()) {
      ++s_.out.messages;
      Status st;
      if (oversized_) {
        st = s_.handler.skipped(fmt::format("message of {} bytes over the {}-byte limit", dropped_,
                                            s_.o.max_message_bytes));
        oversized_ = false;
      } else if (ws_.got_binary()) {
        st = s_.handler.skipped(fmt::format("binary message of {} bytes", msg_.size()));
      } else {
        msg_.reserve(msg_.size() + kPadding);
        st = s_.handler.message(msg_, true);
      }
      msg_.clear();
      s_.wrote = true;
      if (!st) {
        s_.out.handler_status = st;
        return abort(ConnectionEndKind::kHandlerEnded, "output failed");
      }
      if (s_.handler.done()) return abort(ConnectionEndKind::kHandlerEnded, "done");
      if (drained()) {
        s_.wrote = false;
        if (Status ist = s_.handler.idle(); !ist) {
          s_.out.handler_status = ist;
          return abort(ConnectionEndKind::kHandlerEnded, "output failed");
        }
      }
    }
    read();
  }

  void ended(error_code ec) {
    if (ec == websocket::error::closed) {
      const websocket::close_reason& r = ws_.reason();
      s_.out.close_code = r.code;
      s_.out.close_reason = one_line(std::string_view(r.reason.data(), r.reason.size()));
      std::string cause = fmt::format("the server closed the connection (code {}", r.code);
      if (!s_.out.close_reason.empty()) cause += fmt::format(": \"{}\"", s_.out.close_reason);
      return s_.finish(ConnectionEndKind::kClosed, cause + ")");
    }
    if (ec == websocket::condition::protocol_violation)
      return s_.finish(ConnectionEndKind::kProtocol,
                       fmt::format("a WebSocket protocol error ({})", ec.message()));
    s_.finish(ConnectionEndKind::kLost, fmt::format("the connection was lost ({})", ec.message()));
  }

  State& s_;
  tcp::resolver resolver_;
  Ws ws_;
  websocket::response_type res_;
  std::array<char, kChunk> chunk_{};
  std::string msg_;
  bool oversized_ = false;
  size_t dropped_ = 0;
};

template <class Ws>
void drive(State& s, net::io_context& ioc, Session<Ws>& session) {
  auto scaled = [&](int64_t ms) {
    return std::max<int64_t>(1, static_cast<int64_t>(static_cast<double>(ms) * s.o.time_scale));
  };
  const int64_t deadline = s.started_ms + scaled(s.o.open_timeout_ms);
  const int64_t stall_ms = scaled(s.o.stall_ms);
  session.start();
  while (!s.finished) {
    ioc.run_for(std::chrono::milliseconds(100));
    if (ioc.stopped()) ioc.restart();
    if (s.finished) break;
    s.handler.tick();
    int64_t now = s.clock.mono_ms();
    if (stop_requested()) {
      session.abort(ConnectionEndKind::kInterrupted, "interrupted");
    } else if (!s.open && now >= deadline) {
      session.abort(
          ConnectionEndKind::kTimeout,
          fmt::format("no answer to the {} within {}", s.phase, format_delay(s.o.open_timeout_ms)));
    } else if (s.open && now - s.last_message_ms >= stall_ms) {
      session.abort(ConnectionEndKind::kStall,
                    fmt::format("a stall (no message for {})", format_delay(s.o.stall_ms)));
    } else if (s.wrote) {
      // A message followed by a partial one: flush what is complete without waiting for it.
      s.wrote = false;
      if (Status st = s.handler.idle(); !st) {
        s.out.handler_status = st;
        session.abort(ConnectionEndKind::kHandlerEnded, "output failed");
      }
    }
  }
  session.close();
  // Let the aborted operations complete before the session goes away.
  ioc.restart();
  ioc.run_for(std::chrono::milliseconds(1000));
}

}  // namespace

ConnectionOutcome run_connection(const Endpoint& endpoint, const ConnectionOptions& options,
                                 Clock& clock, MessageHandler& handler) {
  State s{endpoint, options, clock, handler};
  s.started_ms = clock.mono_ms();
  net::io_context ioc;
  if (endpoint.tls) {
    ssl::context ctx(ssl::context::tls_client);
    error_code ec;
    ctx.set_default_verify_paths(ec);
    ctx.set_verify_mode(ssl::verify_peer);
    auto session = std::make_unique<Session<TlsWs>>(s, ioc, ctx);
    drive(s, ioc, *session);
  } else {
    auto session = std::make_unique<Session<PlainWs>>(s, ioc);
    drive(s, ioc, *session);
  }
  if (s.out.kind == ConnectionEndKind::kHandlerEnded) s.out.cause.clear();
  return s.out;
}

}  // namespace tweetmap::bluesky
