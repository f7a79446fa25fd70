// The body of an HTTP answer that is not held in the response itself: a file streamed in bounded
// chunks, or a buffer shared between answers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace tweetmap {

/// A response body that is not in HttpResponse::body(): a file streamed in bounded chunks
/// (kFileChunkBytes per read, so an answer in flight holds no copy of its file) or a buffer shared
/// between answers (a cached gzip body). Set at most one; HttpResponse::body() stays empty.
struct HttpBody {
  HttpBody() = default;
  HttpBody(const HttpBody&) = delete;
  HttpBody& operator=(const HttpBody&) = delete;
  ~HttpBody();
  /// Takes `fd` over (closed with this object unless the answer streams it).
  void set_file(int fd, uint64_t size);
  int release_file();

  int fd = -1;
  uint64_t file_size = 0;
  std::shared_ptr<const std::string> shared;
};
/// Bytes read from a file per write of its answer.
inline constexpr size_t kFileChunkBytes = 32 * 1024;

}  // namespace tweetmap
