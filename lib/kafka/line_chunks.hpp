// Line input whose lines outlive the reader's position: lines are read into large
// reference-counted chunks, so a consumer that hands a line to an asynchronous writer (a Kafka
// message waiting for its delivery report) can keep it without copying it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/line_io.hpp"
#include "core/status.hpp"

namespace tweetmap {

/// One block of input. Lines inside it stay valid while it is retained.
struct LineChunk;

/// Keeps a line's chunk alive: one retain() per holder, one release() when done.
void retain(LineChunk* chunk);
void release(LineChunk* chunk);

/// Owns every chunk not yet released; frees the ones still held when it is destroyed (after the
/// asynchronous writer that referenced them is gone). Up to `spares` released chunks are kept
/// for reuse, so that a steady stream does not fault fresh memory in for every chunk.
class LineChunkPool {
 public:
  explicit LineChunkPool(size_t spares = 4) : max_spares_(spares) {}
  ~LineChunkPool();
  LineChunkPool(const LineChunkPool&) = delete;
  LineChunkPool& operator=(const LineChunkPool&) = delete;
  LineChunk* allocate(size_t capacity);
  /// Chunks allocated and not yet released (in use, not counting spares).
  size_t live() const { return live_; }
  size_t spares() const { return n_spares_; }

 private:
  friend void release(LineChunk* chunk);
  LineChunk* head_ = nullptr;
  LineChunk* spares_ = nullptr;  // a list through LineChunk::next
  size_t live_ = 0, n_spares_ = 0, max_spares_;
};

/// A LineReader whose lines lie in chunks the caller may retain: when a chunk is full, the
/// partial line at its end moves to a fresh chunk and the old one lives on while any of its lines
/// is retained. Every line is followed by at least kLinePadding readable bytes of its chunk
/// (simdjson can parse it in place).
class ChunkedLineReader : public LineReader {
 public:
  ChunkedLineReader(LineChunkPool& pool, std::unique_ptr<ByteSource> src,
                    size_t max_line_bytes = 16 << 20);
  ~ChunkedLineReader() override;

  /// LineReader::next, also giving the chunk of `line` (valid until the next call unless
  /// retained).
  Next next(std::string_view& line, LineChunk*& chunk) {
    Next n = LineReader::next(line);
    chunk = cur_;
    return n;
  }

 protected:
  void make_room() override;

 private:
  LineChunkPool& pool_;
  size_t chunk_bytes_;
  LineChunk* cur_ = nullptr;
};

}  // namespace tweetmap
