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

}  // namespace tweetmap
