#include "x/curl_library.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <cstdarg>
#include <mutex>

namespace tweetmap::curl {

namespace {

// libcurl's functions as opened (decltype names their types without referring to the symbols).
struct Functions {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_version_info) version_info = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
  decltype(&::curl_multi_init) multi_init = nullptr;
  decltype(&::curl_multi_cleanup) multi_cleanup = nullptr;
  decltype(&::curl_multi_add_handle) multi_add_handle = nullptr;
  decltype(&::curl_multi_remove_handle) multi_remove_handle = nullptr;
  decltype(&::curl_multi_perform) multi_perform = nullptr;
  decltype(&::curl_multi_info_read) multi_info_read = nullptr;
  decltype(&::curl_multi_poll) multi_poll = nullptr;
};

Functions fns;
Status loaded;
std::once_flag once;

// Looks `name` up in `lib`; names the first missing function in `missing`.
template <typename Fn>
void take(void* lib, const char* name, Fn& fn, std::string& missing) {
  fn = reinterpret_cast<Fn>(dlsym(lib, name));  // NOLINT: dlsym's void* to a function pointer
  if (fn == nullptr && missing.empty()) missing = name;
}

Status open_library() {
  // The library stays open for the process's life (it is never closed).
  void* lib = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = dlerror();
    return internal_error(fmt::format(
        "cannot load {} ({}): the x and mastodon sources need libcurl (Debian package libcurl4)",
        kSoname, why != nullptr ? why : "unknown reason"));
  }
  Functions f;
  std::string missing;
  take(lib, "curl_global_init", f.global_init, missing);
  take(lib, "curl_version_info", f.version_info, missing);
  take(lib, "curl_easy_init", f.easy_init, missing);
  take(lib, "curl_easy_cleanup", f.easy_cleanup, missing);
  take(lib, "curl_easy_setopt", f.easy_setopt, missing);
  take(lib, "curl_easy_getinfo", f.easy_getinfo, missing);
  take(lib, "curl_easy_perform", f.easy_perform, missing);
  take(lib, "curl_easy_strerror", f.easy_strerror, missing);
  take(lib, "curl_slist_append", f.slist_append, missing);
  take(lib, "curl_slist_free_all", f.slist_free_all, missing);
  take(lib, "curl_multi_init", f.multi_init, missing);
  take(lib, "curl_multi_cleanup", f.multi_cleanup, missing);
  take(lib, "curl_multi_add_handle", f.multi_add_handle, missing);
  take(lib, "curl_multi_remove_handle", f.multi_remove_handle, missing);
  take(lib, "curl_multi_perform", f.multi_perform, missing);
  take(lib, "curl_multi_info_read", f.multi_info_read, missing);
  take(lib, "curl_multi_poll", f.multi_poll, missing);
  if (!missing.empty())
    return internal_error(
        fmt::format("{} has no {} (libcurl 7.66 or later is needed)", kSoname, missing));
  CURLcode rc = f.global_init(CURL_GLOBAL_DEFAULT);
  if (rc != CURLE_OK)
    return internal_error(fmt::format("cannot initialize {}: {}", kSoname, f.easy_strerror(rc)));
  fns = f;
  return Status::ok();
}

}  // namespace

Status load() {
  std::call_once(once, [] { loaded = open_library(); });
  return loaded;
}

std::string version() {
  Status s = load();
  if (!s) return "not loadable: " + s.message();
  return fns.version_info(CURLVERSION_NOW)->version;
}

CURL* easy_init() { return fns.easy_init(); }
void easy_cleanup(CURL* handle) { fns.easy_cleanup(handle); }

CURLcode easy_setopt(CURL* handle, CURLoption option, ...) {
  va_list args;
  va_start(args, option);
  CURLcode rc = CURLE_OK;
  // The value's type by the option's range, as libcurl reads it (curl.h, CURLOPTTYPE_*).
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    rc = fns.easy_setopt(handle, option, va_arg(args, long));
  } else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
    rc = fns.easy_setopt(handle, option, va_arg(args, void*));
  } else if (option < CURLOPTTYPE_OFF_T) {
    using AnyFunction = void (*)();
    rc = fns.easy_setopt(handle, option, va_arg(args, AnyFunction));
  } else if (option < CURLOPTTYPE_BLOB) {
    rc = fns.easy_setopt(handle, option, va_arg(args, curl_off_t));
  } else {
    rc = fns.easy_setopt(handle, option, va_arg(args, void*));
  }
  va_end(args);
  return rc;
}

CURLcode easy_getinfo(CURL* handle, CURLINFO info, ...) {
  va_list args;
  va_start(args, info);
  CURLcode rc = fns.easy_getinfo(handle, info, va_arg(args, void*));
  va_end(args);
  return rc;
}

CURLcode easy_perform(CURL* handle) { return fns.easy_perform(handle); }
const char* easy_strerror(CURLcode code) { return fns.easy_strerror(code); }
curl_slist* slist_append(curl_slist* list, const char* text) {
  return fns.slist_append(list, text);
}
void slist_free_all(curl_slist* list) { fns.slist_free_all(list); }
CURLM* multi_init() { return fns.multi_init(); }
CURLMcode multi_cleanup(CURLM* multi) { return fns.multi_cleanup(multi); }
CURLMcode multi_add_handle(CURLM* multi, CURL* handle) {
  return fns.multi_add_handle(multi, handle);
}
CURLMcode multi_remove_handle(CURLM* multi, CURL* handle) {
  return fns.multi_remove_handle(multi, handle);
}
CURLMcode multi_perform(CURLM* multi, int* running) { return fns.multi_perform(multi, running); }
CURLMsg* multi_info_read(CURLM* multi, int* queued) { return fns.multi_info_read(multi, queued); }
CURLMcode multi_poll(CURLM* multi, curl_waitfd extra[], unsigned extra_count, int timeout_ms,
                     int* ready) {
  return fns.multi_poll(multi, extra, extra_count, timeout_ms, ready);
}

}  // namespace tweetmap::curl
