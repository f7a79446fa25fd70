// libcurl, opened the first time a source needs it (the X stream and API, Mastodon's streaming
// API) instead of linked. Linked, libcurl.so.4 brings some thirty libraries (GnuTLS, LDAP,
// Kerberos, RTMP, SSH, IDN, ...) into every start of every tool, and loading them and running
// their constructors was more than half of the start of `tweet-stream replay` or `synth`
// (docs/PERFORMANCE.md, "Replay, fourth pass"). The functions below have libcurl's signatures and
// call it.
#pragma once

#include <curl/curl.h>

#include <string>

#include "core/status.hpp"

namespace tweetmap::curl {

/// The library opened: libcurl's soname on Debian (package libcurl4).
inline constexpr const char* kSoname = "libcurl.so.4";

/// Opens libcurl and runs curl_global_init, once per process (thread-safe). A failure (no
/// libcurl, one without a function used here) is kInternal, names the library and the reason,
/// and is the same on every call. Every other function here except version() needs a
/// successful load() first.
Status load();

/// libcurl's version ("7.88.1"), opening it if needed; "not loadable: REASON" when it cannot be.
std::string version();

CURL* easy_init();
void easy_cleanup(CURL* handle);
/// As curl_easy_setopt: the one value after `option` is a long, a pointer, a function pointer
/// or a curl_off_t, as the option's number range says (CURLOPTTYPE_*).
CURLcode easy_setopt(CURL* handle, CURLoption option, ...);
/// As curl_easy_getinfo: the one value after `info` is a pointer.
CURLcode easy_getinfo(CURL* handle, CURLINFO info, ...);
CURLcode easy_perform(CURL* handle);
const char* easy_strerror(CURLcode code);
curl_slist* slist_append(curl_slist* list, const char* text);
void slist_free_all(curl_slist* list);
CURLM* multi_init();
CURLMcode multi_cleanup(CURLM* multi);
CURLMcode multi_add_handle(CURLM* multi, CURL* handle);
CURLMcode multi_remove_handle(CURLM* multi, CURL* handle);
CURLMcode multi_perform(CURLM* multi, int* running);
CURLMsg* multi_info_read(CURLM* multi, int* queued);
CURLMcode multi_poll(CURLM* multi, curl_waitfd extra[], unsigned extra_count, int timeout_ms,
                     int* ready);

}  // namespace tweetmap::curl
