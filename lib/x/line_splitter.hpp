// Splits a stream of arbitrary chunks (HTTP body pieces) into lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tweetmap {

/// Push-style line splitter: feed() chunks as they arrive, then take lines with next() until it
/// says kNone. Lines come without their "\n" (and without a "\r" before it, so X's "\r\n"
/// keep-alives arrive as empty lines). Every returned view stays valid until the next feed(),
/// next() or take_partial(), and is followed by at least kPadding readable bytes (so simdjson can
/// parse it in place). Lines longer than max_line_bytes are dropped whole and reported as
/// kOversized once their end arrives; memory stays bounded by max_line_bytes plus one chunk.
/// Single-threaded.
class LineSplitter {
 public:
  static constexpr size_t kPadding = 64;
  explicit LineSplitter(size_t max_line_bytes = 16 << 20);

  /// Appends a chunk of input.
  void feed(std::string_view chunk);

  enum class Next { kLine, kOversized, kNone };
  /// The next complete line, or kOversized for a dropped over-long line, or kNone when no
  /// complete line is buffered.
  Next next(std::string_view& line);

  /// Takes what is left of an unterminated line (at the end of a connection), if anything.
  /// Returns kLine with the bytes (so the caller can count it as truncated), kOversized when the
  /// partial line was already over the limit, or kNone when nothing was pending. Clears the state.
  Next take_partial(std::string_view& line);

  /// Bytes of an incomplete line currently buffered.
  size_t pending_bytes() const { return end_ - begin_; }
  /// Lines returned (or dropped) so far, 1-based number of the last one.
  uint64_t line_number() const { return line_no_; }

 private:
  void reserve_tail(size_t n);
  std::string buf_;
  size_t begin_ = 0, end_ = 0, scan_ = 0;
  size_t max_line_;
  bool skipping_ = false;           // inside an oversized line: discard until its newline
  bool oversized_pending_ = false;  // the next newline ends an oversized line
  uint64_t line_no_ = 0;
};

}  // namespace tweetmap
