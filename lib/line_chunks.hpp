// Line input whose lines outlive the reader's position: lines are read into large
// reference-counted chunks, so a consumer that hands a line to an asynchronous writer (a Kafka
// message waiting for its delivery report) can keep it without copying it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "line_io.hpp"
#include "status.hpp"

namespace tweetmap {

/// One block of input. Lines inside it stay valid while it is retained.
struct LineChunk;

/// Keeps a line's chunk alive: one retain() per holder, one release() when done.
void retain(LineChunk* chunk);
void release(LineChunk* chunk);

/// Owns every chunk not yet released; frees the ones still held when it is destroyed (after the
/// asynchronous writer that referenced them is gone).
class LineChunkPool {
 public:
  LineChunkPool() = default;
  ~LineChunkPool();
  LineChunkPool(const LineChunkPool&) = delete;
  LineChunkPool& operator=(const LineChunkPool&) = delete;
  LineChunk* allocate(size_t capacity);
  size_t live() const { return live_; }

 private:
  friend void release(LineChunk* chunk);
  LineChunk* head_ = nullptr;
  size_t live_ = 0;
};

/// Splits a ByteSource into lines as LineReader does (no "\n", no "\r" before it; a last line
/// without "\n" counts; lines over max_line_bytes are skipped whole and reported), but each line
/// lies in a chunk the caller may retain. Every line is followed by at least
/// LineReader::kLinePadding readable bytes of its chunk (simdjson can parse it in place).
class ChunkedLineReader {
 public:
  ChunkedLineReader(LineChunkPool& pool, std::unique_ptr<ByteSource> src,
                    size_t max_line_bytes = 16 << 20);
  ~ChunkedLineReader();
  ChunkedLineReader(const ChunkedLineReader&) = delete;
  ChunkedLineReader& operator=(const ChunkedLineReader&) = delete;

  using Next = LineReader::Next;
  /// kLine with `line` and its `chunk` set (valid until the next call unless retained).
  Next next(std::string_view& line, LineChunk*& chunk);
  uint64_t line_number() const { return line_no_; }
  const Status& status() const { return status_; }

 private:
  bool fill();
  Next take(size_t start, size_t end, bool skipping, std::string_view& line, LineChunk*& chunk);

  LineChunkPool& pool_;
  std::unique_ptr<ByteSource> src_;
  size_t max_line_;
  size_t chunk_bytes_;
  LineChunk* cur_ = nullptr;
  size_t begin_ = 0, end_ = 0;
  uint64_t line_no_ = 0;
  bool eof_ = false;
  Status status_;
};

}  // namespace tweetmap
