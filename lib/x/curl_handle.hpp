// The libcurl options every X request shares (the API client and the stream): one place for
// TLS verification, the user agent, redirects, signals, compression and the error buffer.
#pragma once

#include <curl/curl.h>

namespace tweetmap {

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

}  // namespace tweetmap
