#include "x/line_splitter.hpp"

#include <cstring>

namespace tweetmap {

LineSplitter::LineSplitter(size_t max_line_bytes) : max_line_(max_line_bytes) {
  buf_.resize(64 * 1024);
}

// Makes room for n more bytes after end_ plus the padding, compacting first.
void LineSplitter::reserve_tail(size_t n) {
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    scan_ -= begin_;
    begin_ = 0;
  }
  size_t need = end_ + n + kPadding;
  if (buf_.size() < need) {
    size_t grown = buf_.size();
    while (grown < need) grown *= 2;
    buf_.resize(grown);
  }
}

void LineSplitter::feed(std::string_view chunk) {
  if (skipping_) {
    // Discard the rest of an oversized line without buffering it; keep its "\n" so next()
    // reports the line when it gets there.
    const void* nl = std::memchr(chunk.data(), '\n', chunk.size());
    if (!nl) return;
    chunk.remove_prefix(static_cast<size_t>(static_cast<const char*>(nl) - chunk.data()));
    skipping_ = false;
    oversized_pending_ = true;
  }
  reserve_tail(chunk.size());
  std::memcpy(buf_.data() + end_, chunk.data(), chunk.size());
  end_ += chunk.size();
}

LineSplitter::Next LineSplitter::next(std::string_view& line) {
  const char* nl = static_cast<const char*>(std::memchr(buf_.data() + scan_, '\n', end_ - scan_));
  if (!nl) {
    scan_ = end_;
    if (end_ - begin_ > max_line_ && !oversized_pending_) {
      begin_ = end_ = scan_ = 0;
      skipping_ = true;
    }
    return Next::kNone;
  }
  size_t pos = static_cast<size_t>(nl - buf_.data());
  size_t start = begin_;
  begin_ = scan_ = pos + 1;
  ++line_no_;
  if (oversized_pending_) {
    oversized_pending_ = false;
    return Next::kOversized;
  }
  size_t len = pos - start;
  if (len > max_line_) return Next::kOversized;
  if (len > 0 && buf_[pos - 1] == '\r') --len;
  line = std::string_view(buf_.data() + start, len);
  return Next::kLine;
}

LineSplitter::Next LineSplitter::take_partial(std::string_view& line) {
  Next r = Next::kNone;
  if (skipping_ || oversized_pending_) {
    ++line_no_;
    r = Next::kOversized;
  } else if (end_ > begin_) {
    ++line_no_;
    std::memset(buf_.data() + end_, 0, kPadding);
    line = std::string_view(buf_.data() + begin_, end_ - begin_);
    r = Next::kLine;
  }
  // The view stays valid: only the indices are reset.
  begin_ = end_ = scan_ = 0;
  skipping_ = oversized_pending_ = false;
  return r;
}

}  // namespace tweetmap
