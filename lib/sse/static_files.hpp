// Serving files from one folder: safe path resolution, content types, validators and gzip.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.hpp"

namespace tweetmap {

/// The answer for one static request (status 200, 301, 304, 400, 403, 404 or 500).
///
/// A 200 answer carries no copy of the file: either the open file (`fd`, streamed by the caller in
/// bounded chunks) or the gzip body shared with the cache and every other answer sending it.
struct StaticResponse {
  StaticResponse() = default;
  StaticResponse(StaticResponse&& o) noexcept;
  StaticResponse& operator=(StaticResponse&& o) noexcept;
  ~StaticResponse();

  int status = 404;
  std::string content_type;  ///< for 200
  int fd = -1;               ///< for 200 without gzip: the open file (closed with this object)
  uint64_t size = 0;         ///< for 200: the body's length (the file's or the gzip body's)
  std::shared_ptr<const std::string> gz_body;  ///< for 200 with gzip
  std::string etag;                            ///< quoted strong validator, for 200/304
  std::string last_modified;                   ///< IMF-fixdate, for 200/304
  std::string location;                        ///< for 301 (a directory without its trailing slash)
  bool gzip = false;                           ///< body is gzip-encoded (Content-Encoding: gzip)
  bool compressible = false;  ///< the type is compressible (send Vary: Accept-Encoding)
};

/// What the request said about caching and encodings.
struct StaticRequest {
  std::string_view target;             ///< the raw request target ("/a/b.js?x=1")
  std::string_view if_none_match;      ///< If-None-Match header
  std::string_view if_modified_since;  ///< If-Modified-Since header
  std::string_view accept_encoding;    ///< Accept-Encoding header
};

/// Files up to this size are gzipped (once, then cached) for clients that accept it; larger ones
/// are sent as they are.
inline constexpr size_t kMaxGzipSourceBytes = 8u << 20;

/// Serves files below a root folder. Thread-safe (the gzip cache has its own lock).
///
/// Safety: the path is percent-decoded once; a NUL, a backslash, a "." or ".." segment or a
/// segment starting with "." (hidden files) is refused (403 for traversal, 404 for hidden); the
/// resolved real path (symlinks followed) must stay inside the real root, else 403. "/" and any
/// directory serve their index.html. Only regular files are served.
class StaticFiles {
 public:
  /// Errors (kUsage) when `root` is not a readable directory.
  static Result<std::unique_ptr<StaticFiles>> open(const std::string& root);
  explicit StaticFiles(std::string real_root) : root_(std::move(real_root)) {}

  StaticResponse serve(const StaticRequest& req);
  const std::string& root() const { return root_; }

 private:
  std::shared_ptr<const std::string> gzip_cached(const std::string& key, int fd, size_t size);

  std::string root_;
  std::mutex mu_;
  std::mutex compress_mu_;  // one compression at a time (each holds a file and its gzip)
  // path + etag -> gzip body, bounded by total bytes (oldest out first).
  std::unordered_map<std::string, std::shared_ptr<const std::string>> gz_cache_;
  std::list<std::string> gz_order_;
  size_t gz_bytes_ = 0;
};

/// The Content-Type for a file name ("index.html" -> "text/html; charset=utf-8").
std::string_view content_type_for(std::string_view path);
/// True for text-like types worth compressing.
bool is_compressible(std::string_view content_type);
/// True when Accept-Encoding allows gzip (a "gzip" token whose q is not 0).
bool accepts_gzip(std::string_view accept_encoding);
/// Compresses `in` as a gzip member (zlib, level 6).
std::string gzip_compress(std::string_view in);
/// RFC 7231 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") for a Unix time.
std::string http_date(int64_t unix_seconds);

}  // namespace tweetmap
