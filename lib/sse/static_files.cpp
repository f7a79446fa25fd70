#include "sse/static_files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <ctime>
#include <utility>

#include "core/text.hpp"
#include "sse/query.hpp"

namespace tweetmap {
namespace {

constexpr size_t kMaxGzipCacheBytes = 32u << 20;
constexpr size_t kMinGzipBytes = 256;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::string> real_path(const std::string& p) {
  char buf[PATH_MAX];
  if (!::realpath(p.c_str(), buf)) return std::nullopt;
  return std::string(buf);
}

bool inside(const std::string& root, const std::string& p) {
  return p == root || (p.size() > root.size() && p.compare(0, root.size(), root) == 0 &&
                       (root.back() == '/' || p[root.size()] == '/'));
}

int64_t parse_http_date(std::string_view s) {
  std::string str(s);
  struct tm tm {};
  const char* end = ::strptime(str.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return -1;
  return static_cast<int64_t>(::timegm(&tm));
}

bool etag_matches(std::string_view header, std::string_view etag) {
  // A list of entity tags, possibly weak (W/"..."); "*" matches anything.
  for (std::string_view tag : split_list(header)) {
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

std::string read_fd(int fd, size_t size) {
  std::string out(size, '\0');
  size_t got = 0;
  while (got < size) {
    ssize_t n = ::pread(fd, out.data() + got, size - got, static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  out.resize(got);
  return out;
}

}  // namespace

StaticResponse::StaticResponse(StaticResponse&& o) noexcept { *this = std::move(o); }

StaticResponse& StaticResponse::operator=(StaticResponse&& o) noexcept {
  if (this == &o) return *this;
  if (fd >= 0) ::close(fd);
  status = o.status;
  content_type = std::move(o.content_type);
  fd = std::exchange(o.fd, -1);
  size = o.size;
  gz_body = std::move(o.gz_body);
  etag = std::move(o.etag);
  last_modified = std::move(o.last_modified);
  location = std::move(o.location);
  gzip = o.gzip;
  compressible = o.compressible;
  return *this;
}

StaticResponse::~StaticResponse() {
  if (fd >= 0) ::close(fd);
}

std::string_view content_type_for(std::string_view path) {
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return "application/octet-stream";
  std::string ext = lower(path.substr(dot + 1));
  static const std::pair<const char*, const char*> kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"geojson", "application/geo+json"},
      {"topojson", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"avif", "image/avif"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"wasm", "application/wasm"},
      {"xml", "application/xml"},
      {"pbf", "application/x-protobuf"},
  };
  for (const auto& [e, t] : kTypes)
    if (ext == e) return t;
  return "application/octet-stream";
}

bool is_compressible(std::string_view t) {
  return t.starts_with("text/") || t.starts_with("application/json") ||
         t.starts_with("application/geo+json") || t.starts_with("application/manifest+json") ||
         t.starts_with("application/xml") || t.starts_with("image/svg+xml") ||
         t.starts_with("application/wasm");
}

bool accepts_gzip(std::string_view ae) {
  std::string s = lower(ae);
  for (std::string_view item : split_list(s)) {
    size_t semi = item.find(';');
    std::string_view coding = item.substr(0, semi);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (coding != "gzip" && coding != "*") continue;
    if (semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      size_t q = params.find("q=");
      if (q != std::string_view::npos &&
          std::strtod(std::string(params.substr(q + 2)).c_str(), nullptr) <= 0.0)
        continue;
    }
    return true;
  }
  return false;
}

std::string gzip_compress(std::string_view in) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string http_date(int64_t unix_seconds) {
  time_t t = static_cast<time_t>(unix_seconds);
  struct tm tm {};
  ::gmtime_r(&t, &tm);
  char buf[64];
  size_t n = ::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

Result<std::unique_ptr<StaticFiles>> StaticFiles::open(const std::string& root) {
  auto real = real_path(root);
  struct stat st {};
  if (!real || ::stat(real->c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return usage_error(fmt::format("--web {}: not a readable directory", root));
  return std::make_unique<StaticFiles>(*real);
}

StaticResponse StaticFiles::serve(const StaticRequest& req) {
  StaticResponse res;
  std::string_view target = req.target;
  std::string_view query;
  if (size_t q = target.find_first_of("?#"); q != std::string_view::npos) {
    query = target.substr(q);
    target = target.substr(0, q);
  }
  if (target.empty() || target.front() != '/') {
    res.status = 400;
    return res;
  }
  auto decoded = percent_decode(target, false);
  if (!decoded) {
    res.status = 400;
    return res;
  }
  // Check every segment before touching the file system.
  std::string rel;
  size_t pos = 1;
  const std::string& d = *decoded;
  while (pos <= d.size()) {
    size_t slash = d.find('/', pos);
    if (slash == std::string::npos) slash = d.size();
    std::string_view seg = std::string_view(d).substr(pos, slash - pos);
    pos = slash + 1;
    if (seg.empty()) continue;
    if (seg == "." || seg == ".." || seg.find('\\') != std::string_view::npos) {
      res.status = 403;
      return res;
    }
    if (seg.front() == '.') {
      res.status = 404;
      return res;
    }
    rel += '/';
    rel += seg;
  }
  auto real = real_path(root_ + rel);
  if (!real) {
    res.status = 404;
    return res;
  }
  if (!inside(root_, *real)) {
    res.status = 403;
    return res;
  }
  struct stat st {};
  if (::stat(real->c_str(), &st) != 0) {
    res.status = 404;
    return res;
  }
  if (S_ISDIR(st.st_mode)) {
    if (target.back() != '/') {
      res.status = 301;
      // One leading "/" only: "//host/" (or "/\\host/") would be a scheme-relative URL to another
      // origin (an open redirect).
      size_t from = std::string_view(target).find_first_not_of("/\\");
      res.location = "/" + std::string(target.substr(from == std::string_view::npos ? 0 : from)) +
                     "/" + std::string(query);
      return res;
    }
    real = real_path(*real + "/index.html");
    if (!real || !inside(root_, *real) || ::stat(real->c_str(), &st) != 0) {
      res.status = real && !inside(root_, *real) ? 403 : 404;
      return res;
    }
  }
  if (!S_ISREG(st.st_mode)) {
    res.status = 404;
    return res;
  }
  // The answer describes the file that was opened (size and time from the open descriptor).
  int fd = ::open(real->c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0) ::close(fd);
    res.status = 500;
    return res;
  }
  res.fd = fd;
  res.content_type = std::string(content_type_for(*real));
  res.compressible = is_compressible(res.content_type);
  int64_t mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  std::string tag = fmt::format("{:x}-{:x}", static_cast<uint64_t>(st.st_size), mtime_ns);
  size_t file_size = static_cast<size_t>(st.st_size);
  bool gz = res.compressible && file_size >= kMinGzipBytes && file_size <= kMaxGzipSourceBytes &&
            accepts_gzip(req.accept_encoding);
  res.etag = gz ? fmt::format("\"{}-gz\"", tag) : fmt::format("\"{}\"", tag);
  res.last_modified = http_date(st.st_mtim.tv_sec);
  auto not_modified = [&] {
    ::close(std::exchange(res.fd, -1));
    res.status = 304;
    return std::move(res);
  };
  if (!req.if_none_match.empty()) {
    if (etag_matches(req.if_none_match, res.etag)) return not_modified();
  } else if (!req.if_modified_since.empty()) {
    int64_t since = parse_http_date(req.if_modified_since);
    if (since >= 0 && st.st_mtim.tv_sec <= since) return not_modified();
  }
  res.status = 200;
  res.size = file_size;
  if (gz) {
    res.gz_body = gzip_cached(*real + '\n' + res.etag, res.fd, file_size);
    ::close(std::exchange(res.fd, -1));
    res.size = res.gz_body->size();
    res.gzip = true;
  }
  return res;
}

std::shared_ptr<const std::string> StaticFiles::gzip_cached(const std::string& key, int fd,
                                                            size_t size) {
  auto cached = [&]() -> std::shared_ptr<const std::string> {
    std::lock_guard lock(mu_);
    auto it = gz_cache_.find(key);
    return it == gz_cache_.end() ? nullptr : it->second;
  };
  if (auto hit = cached()) return hit;
  // One compression at a time: concurrent first requests wait for it instead of each holding
  // the file and its gzip.
  std::lock_guard one(compress_mu_);
  if (auto hit = cached()) return hit;
  auto gz = std::make_shared<const std::string>(gzip_compress(read_fd(fd, size)));
  std::lock_guard lock(mu_);
  if (gz->size() <= kMaxGzipCacheBytes / 4) {
    while (gz_bytes_ + gz->size() > kMaxGzipCacheBytes && !gz_order_.empty()) {
      auto old = gz_cache_.find(gz_order_.front());
      if (old != gz_cache_.end()) {
        gz_bytes_ -= old->second->size();
        gz_cache_.erase(old);
      }
      gz_order_.pop_front();
    }
    gz_cache_.emplace(key, gz);
    gz_order_.push_back(key);
    gz_bytes_ += gz->size();
  }
  return gz;
}

}  // namespace tweetmap
