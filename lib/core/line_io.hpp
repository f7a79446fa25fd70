// Fast NDJSON line input and output over file descriptors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace tweetmap {

class MappedFile;

/// A stream of bytes (a file, stdin, a decompressor, a socket). Single-threaded.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Reads up to `n` bytes into `buf`. Returns the count, 0 at end of input, or an error.
  virtual Result<size_t> read(char* buf, size_t n) = 0;
  /// Name for messages ("-" is stdin).
  virtual std::string name() const = 0;
  /// The mapped file whose unread bytes can be read in place (MappedFile::pos()) instead of
  /// through read(), or null.
  virtual MappedFile* mapped_file() { return nullptr; }
};

/// Reads from a file descriptor; does not own it unless `owned`. Retries EINTR unless a stop was
/// requested (see signals.hpp), in which case it reports end of input.
class FdSource : public ByteSource {
 public:
  FdSource(int fd, std::string name, bool owned = false);
  ~FdSource() override;
  Result<size_t> read(char* buf, size_t n) override;
  std::string name() const override { return name_; }
  int fd() const { return fd_; }

 private:
  int fd_;
  std::string name_;
  bool owned_;
};

/// Opens a file for reading ("-" is stdin). Error: one-line message naming the file.
Result<std::unique_ptr<FdSource>> open_file_source(const std::string& path);

/// Splits a ByteSource into lines. Each line is returned without its "\n" (and without a "\r"
/// before it). Every returned view stays valid until the next call and is followed by at least
/// kLinePadding readable bytes (so simdjson can parse it in place). Lines longer than
/// max_line_bytes are skipped whole and reported through `oversized`. A UTF-8 byte order mark
/// at the start of the input is not part of the first line. Once a stop is requested (see
/// signals.hpp) the input ends at the next read, and a partial line read so far is dropped.
/// From a mapped file (ByteSource::mapped_file()) lines are returned where they lie in the
/// mapping, every one being a "read" for a stop request; the last ones, too close to the end of
/// the mapping for the padding, and what follows it, are read into the buffer.
class LineReader {
 public:
  static constexpr size_t kLinePadding = 64;
  static constexpr size_t kDefaultMaxLine = 16 << 20;
  static constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
  explicit LineReader(std::unique_ptr<ByteSource> src, size_t max_line_bytes = kDefaultMaxLine);
  virtual ~LineReader() = default;
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  enum class Next { kLine, kOversized, kEnd, kError };
  /// Returns kLine with `line` set; kOversized when a line exceeded the limit (it was skipped,
  /// `line_number()` tells which); kEnd at end of input; kError with status() set.
  Next next(std::string_view& line);
  /// 1-based number of the line last returned (or skipped).
  uint64_t line_number() const { return line_no_; }
  uint64_t bytes_read() const { return bytes_; }
  const Status& status() const { return status_; }
  /// True when a complete line is already buffered (no read(2) needed for the next call), or
  /// while lines come from a mapped file.
  bool has_buffered_line() const;
  ByteSource& source() { return *src_; }

 protected:
  /// Makes room after the buffered bytes for the next read: here by moving the partial line to
  /// the front of one reused buffer (growing it when nearly full). A subclass may instead move
  /// it to a fresh buffer, leaving the lines already returned where they are. Either way it sets
  /// base_/cap_ (usable bytes, with kLinePadding readable bytes after them) and begin_/end_.
  virtual void make_room();

  char* base_ = nullptr;
  size_t cap_ = 0;
  size_t begin_ = 0, end_ = 0;
  size_t max_line_;
  /// The mapped file lines are read from in place (null: from the buffer). A subclass whose
  /// lines must lie in its own buffers clears it.
  MappedFile* map_ = nullptr;

 private:
  bool fill();
  bool next_in_place(std::string_view& line, Next& result);
  const char* mapped_newline() const;
  void prefetch_after(const char* from);
  void leave_mapping();
  void strip_bom(std::string_view& line) const;
  // Small enough that what read(2) copied in is still in the core's L2 cache when it is parsed
  // (1 MB was 4% slower on a 550 MB replay); grows for longer lines.
  static constexpr size_t kInitialBuffer = 128 << 10;
  std::unique_ptr<ByteSource> src_;
  std::string buf_;
  // Where has_buffered_line() found the next newline (kNoNewline: not looked for), so that
  // next() does not scan the same line twice.
  static constexpr size_t kNoNewline = static_cast<size_t>(-1);
  mutable size_t known_nl_ = kNoNewline;
  // From a mapped file: the buffer as reading it with read(2) would have filled it, [pos,
  // win_end_) of the mapping in vcap_ bytes, so that has_buffered_line() (and the flushes that
  // depend on it) and a stop request behave as with read(2); map_nl_: the next newline (end()
  // if none), null when not looked for.
  const char* win_end_ = nullptr;
  size_t vcap_ = 0;
  mutable const char* map_nl_ = nullptr;
  static constexpr size_t kPrefetchAhead = 4096;
  const char* prefetched_ = nullptr;  // mapped bytes before it were prefetched
  uint64_t line_no_ = 0, bytes_ = 0;
  bool eof_ = false;
  bool stopped_ = false;
  Status status_;
};

/// Buffered writer to a file descriptor (stdout by default). Not thread-safe.
/// A closed pipe (EPIPE) is reported as ErrorCode::kClosed with broken_pipe() true, so tools can
/// end quietly; any other write error (ENOSPC, ...) is a one-line error.
class OutputSink {
 public:
  explicit OutputSink(int fd = 1, size_t buffer_bytes = 1 << 16);
  ~OutputSink();
  /// The pending buffer: append to it directly, then call maybe_flush().
  std::string& buffer() { return buf_; }
  Status write(std::string_view s) {
    buf_.append(s);
    return maybe_flush();
  }
  /// Writes the buffer out when it reached its threshold.
  Status maybe_flush() { return buf_.size() >= limit_ ? flush() : Status::ok(); }
  /// Writes everything buffered.
  Status flush();
  /// Writes `s` after what is buffered: into the buffer while it fits under the threshold, else
  /// straight to the fd (no copy of a large block).
  Status write_block(std::string_view s);
  bool broken_pipe() const { return broken_pipe_; }
  uint64_t bytes_written() const { return written_; }

 private:
  Status write_all(std::string_view s);

  int fd_;
  size_t limit_;
  std::string buf_;
  bool broken_pipe_ = false;
  uint64_t written_ = 0;
};

}  // namespace tweetmap
