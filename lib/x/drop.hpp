// How one stream connection ended, as a pure function of what was observed (no I/O): the input
// of the reconnect policy (backoff.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "x/backoff.hpp"

namespace tweetmap {

/// What one connection attempt saw, collected by the transfer loop.
struct DropFacts {
  bool reconnect_requested = false;  ///< an in-stream operational-disconnect
  std::string reconnect_why;
  bool stalled = false;  ///< no byte for stall_ms
  int64_t stall_ms = 0;  ///< the documented (unscaled) stall timeout
  long status = 0;       ///< HTTP status (0: none received)
  bool headers_done = false;
  bool transfer_ok = true;     ///< the transfer ended without a transport error
  std::string transfer_error;  ///< the transport error, when !transfer_ok
  std::string error_body;      ///< body of a non-200 response (bounded)
  std::optional<int64_t> rate_limit_reset_s;
  bool delivered = false;     ///< any body byte of a 200 response
  int64_t connected_ms = -1;  ///< how long the 200 response lasted (unscaled); -1: never connected
};

/// Classifies the end of one connection: kClean for an established stream that ended (with the
/// cause), kNetwork when no response came, kRateLimit for 429/420, kHttp for 5xx/408, kFatal for
/// other HTTP errors (with the API's problem text).
DropEvent classify_drop(const DropFacts& facts);

}  // namespace tweetmap
