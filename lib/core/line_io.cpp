#include "core/line_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/mapped_file.hpp"
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
    : max_line_(max_line_bytes), map_(src->mapped_file()), src_(std::move(src)) {
  if (map_ != nullptr) win_end_ = map_->pos();
}

// Looked for no further than the line limit (and the buffer): a longer line goes through the
// buffer, which skips it without the whole of it being mapped in.
const char* LineReader::mapped_newline() const {
  if (map_nl_ == nullptr) {
    const char* p = map_->pos();
    auto avail = static_cast<size_t>(map_->end() - p);
    size_t span =
        std::max(static_cast<size_t>(win_end_ - p), max_line_ < avail ? max_line_ + 1 : avail);
    // An empty file has no mapping (p is null): memchr is not called on it.
    const auto* nl = avail == 0
                         ? nullptr
                         : static_cast<const char*>(std::memchr(p, '\n', std::min(span, avail)));
    map_nl_ = nl != nullptr ? nl : map_->end();
  }
  return map_nl_;
}

// Asks for the next kPrefetchAhead mapped bytes while this line is parsed: the line search
// would otherwise wait on memory at each new page (the hardware's stream prefetch stops at page
// ends). A prefetch of a page not yet mapped into the process is dropped, never a fault.
void LineReader::prefetch_after(const char* from) {
  const char* stop = std::min(from + kPrefetchAhead, map_->readable_end());
  const char* q = std::max(from, prefetched_);
  for (; q < stop; q += 64) __builtin_prefetch(q, 0, 3);
  prefetched_ = q;
}

bool LineReader::has_buffered_line() const {
  if (map_ != nullptr) return mapped_newline() < win_end_;
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

// A line where it lies in the mapping. False when the next line is not wholly there with the
// padding after it: from then on lines come through the buffer (leave_mapping()).
bool LineReader::next_in_place(std::string_view& line, Next& result) {
  const char* p = map_->pos();
  const char* nl = mapped_newline();
  if (nl == map_->end() || map_->readable_end() - nl < static_cast<ptrdiff_t>(kLinePadding)) {
    leave_mapping();
    return false;
  }
  // The refills read(2) would have needed before this line (see fill() and make_room()).
  const char* kept = p;  // the start of what a refill keeps in the buffer
  while (nl >= win_end_) {
    if (stop_requested()) {
      map_ = nullptr;
      eof_ = stopped_ = true;
      result = Next::kEnd;
      return true;
    }
    if (static_cast<size_t>(win_end_ - kept) > max_line_) kept = win_end_;  // skipped
    size_t partial = static_cast<size_t>(win_end_ - kept);
    if (vcap_ - partial < 4096) vcap_ = vcap_ == 0 ? kInitialBuffer : 2 * vcap_ + kLinePadding;
    const char* was = win_end_;
    win_end_ = std::min(win_end_ + (vcap_ - partial), map_->end());
    bytes_ += static_cast<uint64_t>(win_end_ - was);
  }
  if (!map_->intact_before(nl + 1)) {
    status_ = map_->shrank_error();
    map_ = nullptr;
    eof_ = true;
    result = Next::kError;
    return true;
  }
  map_->release_before(p);  // the line returned before is no longer viewed
  map_->advance(nl + 1);
  map_nl_ = nullptr;
  prefetch_after(nl + 1);
  ++line_no_;
  size_t len = static_cast<size_t>(nl - p);
  if (len > max_line_) {
    result = Next::kOversized;
    return true;
  }
  if (len > 0 && p[len - 1] == '\r') --len;
  line = std::string_view(p, len);
  strip_bom(line);
  result = Next::kLine;
  return true;
}

// Goes on with the buffer, holding what read(2) would have put in it: [pos, win_end_) copied
// from the mapping. Then read() goes on after it, through the end of the mapping and past it.
void LineReader::leave_mapping() {
  const char* p = map_->pos();
  auto want = static_cast<size_t>(win_end_ - p);
  map_ = nullptr;
  if (vcap_ == 0) return;  // nothing read yet
  buf_.resize(vcap_ + kLinePadding);
  base_ = buf_.data();
  cap_ = vcap_;
  begin_ = end_ = 0;
  known_nl_ = kNoNewline;
  while (end_ < want) {
    auto got = src_->read(base_ + end_, want - end_);
    if (!got) {
      status_ = got.status();
      eof_ = true;
      return;
    }
    if (*got == 0) break;
    end_ += *got;
  }
}

LineReader::Next LineReader::next(std::string_view& line) {
  if (map_ != nullptr) {
    Next result;
    if (next_in_place(line, result)) return result;
  }
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
