#include "core/line_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/signals.hpp"

namespace tweetmap {

FdSource::FdSource(int fd, std::string name, bool owned)
    : fd_(fd), name_(std::move(name)), owned_(owned) {}

FdSource::~FdSource() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

Result<size_t> FdSource::read(char* buf, size_t n) {
  for (;;) {
    ssize_t got = ::read(fd_, buf, n);
    if (got >= 0) return static_cast<size_t>(got);
    if (errno == EINTR) {
      if (stop_requested()) return size_t{0};
      continue;
    }
    return io_error(fmt::format("{}: read failed: {}", name_, std::strerror(errno)));
  }
}

Result<std::unique_ptr<FdSource>> open_file_source(const std::string& path) {
  if (path == "-") return std::make_unique<FdSource>(0, "-", false);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  return std::make_unique<FdSource>(fd, path, true);
}

LineReader::LineReader(std::unique_ptr<ByteSource> src, size_t max_line_bytes)
    : max_line_(max_line_bytes), src_(std::move(src)) {}

bool LineReader::has_buffered_line() const {
  if (known_nl_ != kNoNewline && known_nl_ >= begin_) return true;
  if (begin_ == end_) return false;
  const char* nl = static_cast<const char*>(std::memchr(base_ + begin_, '\n', end_ - begin_));
  if (nl == nullptr) return false;
  known_nl_ = static_cast<size_t>(nl - base_);
  return true;
}

void LineReader::make_room() {
  if (begin_ > 0) {
    std::memmove(base_, base_ + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (cap_ - end_ < 4096) {
    buf_.resize(buf_.empty() ? kInitialBuffer + kLinePadding : buf_.size() * 2);
    base_ = buf_.data();
    cap_ = buf_.size() - kLinePadding;
  }
}

// Reads more input after end_. False at EOF, on a stop request (see signals.hpp) or error.
bool LineReader::fill() {
  if (eof_) return false;
  if (stop_requested()) {
    // Input that keeps arriving (a backlog, /dev/zero, a line being skipped) never makes read(2)
    // return EINTR, so the stop is looked at before every read.
    eof_ = stopped_ = true;
    return false;
  }
  known_nl_ = kNoNewline;  // positions move
  make_room();
  auto got = src_->read(base_ + end_, cap_ - end_);
  if (!got) {
    status_ = got.status();
    eof_ = true;
    return false;
  }
  if (*got == 0) {
    eof_ = true;
    return false;
  }
  end_ += *got;
  bytes_ += *got;
  return true;
}

void LineReader::strip_bom(std::string_view& line) const {
  if (line_no_ == 1 && line.starts_with(kUtf8Bom)) line.remove_prefix(kUtf8Bom.size());
}

LineReader::Next LineReader::next(std::string_view& line) {
  size_t scan_from = begin_;
  bool skipping = false;  // inside an oversized line: discard until its newline
  for (;;) {
    const char* nl =
        known_nl_ != kNoNewline && known_nl_ >= begin_ ? base_ + known_nl_
        : scan_from == end_
            ? nullptr
            : static_cast<const char*>(std::memchr(base_ + scan_from, '\n', end_ - scan_from));
    if (nl) {
      size_t pos = static_cast<size_t>(nl - base_);
      size_t start = begin_;
      begin_ = pos + 1;
      ++line_no_;
      if (skipping || pos - start > max_line_) return Next::kOversized;
      size_t len = pos - start;
      if (len > 0 && base_[pos - 1] == '\r') --len;
      line = std::string_view(base_ + start, len);
      strip_bom(line);
      return Next::kLine;
    }
    if (end_ - begin_ > max_line_) {
      // Drop what we have of the oversized line and keep discarding.
      skipping = true;
      begin_ = end_;
    }
    size_t scanned = end_ - begin_;
    if (!fill()) {
      if (!status_.is_ok()) return Next::kError;
      if (stopped_) {
        // A partial line cut by the stop is not a record.
        begin_ = end_;
        return Next::kEnd;
      }
      if (begin_ < end_ || skipping) {
        // A last line without "\n".
        size_t start = begin_;
        size_t len = end_ - begin_;
        begin_ = end_;
        ++line_no_;
        if (skipping || len > max_line_) return Next::kOversized;
        if (len > 0 && base_[start + len - 1] == '\r') --len;
        std::memset(base_ + end_, 0, kLinePadding);
        line = std::string_view(base_ + start, len);
        strip_bom(line);
        return Next::kLine;
      }
      return Next::kEnd;
    }
    scan_from = begin_ + scanned;
  }
}

OutputSink::OutputSink(int fd, size_t buffer_bytes) : fd_(fd), limit_(buffer_bytes) {
  buf_.reserve(buffer_bytes + 4096);
}

OutputSink::~OutputSink() {
  if (!broken_pipe_) (void)flush();
}

Status OutputSink::flush() {
  Status st = write_all(buf_);
  buf_.clear();
  return st;
}

Status OutputSink::write_block(std::string_view s) {
  if (buf_.size() + s.size() < limit_) {
    buf_.append(s);
    return Status::ok();
  }
  Status st = flush();
  return st ? write_all(s) : st;
}

Status OutputSink::write_all(std::string_view s) {
  if (broken_pipe_) return closed_error("broken pipe");
  const char* p = s.data();
  size_t left = s.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      if (e == EPIPE) {
        broken_pipe_ = true;
        return closed_error("broken pipe");
      }
      return io_error(fmt::format("write error on output: {}", std::strerror(e)));
    }
    p += n;
    left -= static_cast<size_t>(n);
    written_ += static_cast<uint64_t>(n);
  }
  return Status::ok();
}

}  // namespace tweetmap
