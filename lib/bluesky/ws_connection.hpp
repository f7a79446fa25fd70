// One WebSocket connection (ws:// or wss://) on Boost.Beast over Boost.Asio and OpenSSL: connect,
// TLS, upgrade, then read messages until the connection ends, with a deadline on the opening,
// stall detection and a bound on the size of a message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "bluesky/endpoint.hpp"
#include "core/clock.hpp"
#include "core/status.hpp"

namespace tweetmap::bluesky {

/// Receives what one connection delivers, on the caller's thread.
class MessageHandler {
 public:
  virtual ~MessageHandler() = default;
  /// The upgrade succeeded.
  virtual void opened() {}
  /// One complete text message; when `padded`, at least 64 readable bytes follow it. A non-ok
  /// Status ends the connection with it.
  virtual Status message(std::string_view msg, bool padded) = 0;
  /// A message that was dropped unread: a binary one, or one over the size limit (`why` says).
  virtual Status skipped(std::string_view why) = 0;
  /// Nothing more is ready right now: write out what is buffered.
  virtual Status idle() = 0;
  /// True when no more input is wanted (--count reached, the output failed).
  virtual bool done() const = 0;
  /// Called about ten times a second whatever arrives (periodic --stats).
  virtual void tick() {}
};

/// Settings of one connection.
struct ConnectionOptions {
  std::string target;                  ///< the request target ("/subscribe?...")
  int64_t open_timeout_ms = 10000;     ///< resolve + TCP + TLS + upgrade must finish in time
  int64_t stall_ms = 30000;            ///< no message (pings do not count) for this long: end
  size_t max_message_bytes = 1 << 20;  ///< longer messages are dropped as they arrive
  std::string user_agent;              ///< the upgrade request's User-Agent
  double time_scale = 1.0;             ///< multiplies both timeouts (tests); messages unscaled
};

/// How a connection ended.
enum class ConnectionEndKind {
  kHandlerEnded,  ///< the handler is done or failed (see handler_status)
  kInterrupted,   ///< SIGINT/SIGTERM
  kNetwork,       ///< resolve/TCP/TLS failure before the upgrade
  kTimeout,       ///< the opening took longer than open_timeout_ms
  kRejected,      ///< the upgrade was answered with HTTP `http_status`
  kClosed,        ///< the server sent a close frame (close_code, close_reason)
  kLost,          ///< the open connection ended without a close frame (reset, EOF)
  kProtocol,      ///< the server broke the WebSocket protocol (e.g. invalid UTF-8 in text)
  kStall,         ///< no message for stall_ms
};

/// The outcome of one connection. Plain value type.
struct ConnectionOutcome {
  ConnectionEndKind kind = ConnectionEndKind::kNetwork;
  Status handler_status;  ///< kHandlerEnded: the handler's error, or ok when it was done
  int http_status = 0;    ///< kRejected
  int close_code = 0;     ///< kClosed
  std::string close_reason;
  std::string cause;      ///< one line for messages ("connection refused", "HTTP 503", ...)
  int64_t open_ms = -1;   ///< how long the WebSocket was open (unscaled); -1: never
  uint64_t messages = 0;  ///< text and binary messages received
  uint64_t pings = 0;     ///< pings received (answered by Beast)
};

/// Opens `endpoint` with `options.target` and feeds `handler` until the connection ends; blocks.
/// wss:// verifies the server's certificate and host name against the system's CAs.
/// Memory: one message of at most max_message_bytes, plus Beast's read buffer.
ConnectionOutcome run_connection(const Endpoint& endpoint, const ConnectionOptions& options,
                                 Clock& clock, MessageHandler& handler);

}  // namespace tweetmap::bluesky
