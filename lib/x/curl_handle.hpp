// The libcurl options every X request shares (the API client and the stream): one place for
// TLS verification, the user agent, redirects, signals, compression and the error buffer.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "core/clock.hpp"
#include "x/curl_library.hpp"

namespace tweetmap {

/// Owners of libcurl's handles (easy, multi, header list).
using CurlPtr = std::unique_ptr<CURL, decltype(&curl::easy_cleanup)>;
using MultiPtr = std::unique_ptr<CURLM, decltype(&curl::multi_cleanup)>;
using SlistPtr = std::unique_ptr<curl_slist, decltype(&curl::slist_free_all)>;

/// Sets the shared options on `c`: URL, request headers, "tweetmap/VERSION", gzip, peer and
/// host verification, no redirects, no signals, HTTP/2 over TLS when `http2` (else HTTP/1.1),
/// and `errbuf` (CURL_ERROR_SIZE bytes) as the error buffer. The caller keeps `url`, `headers`
/// and `errbuf` alive for the transfer and adds its own callbacks and timeouts.
void setup_x_curl(CURL* c, const char* url, curl_slist* headers, char* errbuf, bool http2);

/// What a long-lived streaming response adds (the X filtered stream, Mastodon's streaming API):
/// TCP keep-alive, a connect timeout of 30 s times `time_scale` (at least 1 s), and the body and
/// header callbacks, both given `data`.
void setup_stream_curl(CURL* c, double time_scale, curl_write_callback on_body,
                       curl_write_callback on_header, void* data);

/// How a long-lived transfer's wait ended.
struct TransferEnd {
  bool finished = false;     ///< libcurl reports the transfer done (`result` says how)
  bool stalled = false;      ///< no byte for `stall_ms`
  bool interrupted = false;  ///< SIGINT/SIGTERM
  CURLcode result = CURLE_OK;
};

/// Drives the one transfer added to `m` (the X and Mastodon streams): runs libcurl, then calls
/// `turn(finished)` after every wake-up (the source announces the connection, flushes its sink
/// and says whether to stop by returning false), ticks nothing itself, and ends when `turn`
/// returns false, the transfer finishes, the user stops, or no byte came for `stall_ms` (as
/// `last_byte_ms`, updated by the body and header callbacks, says). Waits on libcurl and on the
/// stop signal's descriptor, never more than a second at a time.
TransferEnd run_stream_transfer(CURLM* m, Clock& clock, int64_t stall_ms,
                                const int64_t& last_byte_ms,
                                const std::function<bool(bool finished)>& turn);

}  // namespace tweetmap
