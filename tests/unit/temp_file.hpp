// A temporary file with given contents, removed at the end of the test.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <string_view>

namespace tweetmap::testing {

class TempFile {
 public:
  explicit TempFile(std::string_view contents = {}) {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/tweetmap-test-XXXXXX";
    int fd = ::mkstemp(path_.data());
    if (fd >= 0) ::close(fd);
    write(contents);
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }
  /// Replaces the contents.
  bool write(std::string_view s) const { return put(s, O_TRUNC); }
  /// Adds to the end.
  bool append(std::string_view s) const { return put(s, O_APPEND); }
  bool truncate(off_t size) const { return ::truncate(path_.c_str(), size) == 0; }

 private:
  bool put(std::string_view s, int mode) const {
    int fd = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC | mode);
    if (fd < 0) return false;
    bool ok = ::write(fd, s.data(), s.size()) == static_cast<ssize_t>(s.size());
    return ::close(fd) == 0 && ok;
  }
  std::string path_;
};

}  // namespace tweetmap::testing
