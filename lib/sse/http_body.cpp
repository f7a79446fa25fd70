#include "sse/http_body.hpp"

#include <unistd.h>

namespace tweetmap {

HttpBody::~HttpBody() {
  if (fd >= 0) ::close(fd);
}

void HttpBody::set_file(int new_fd, uint64_t size) {
  if (fd >= 0) ::close(fd);
  fd = new_fd;
  file_size = size;
}

int HttpBody::release_file() {
  int f = fd;
  fd = -1;
  return f;
}

}  // namespace tweetmap
