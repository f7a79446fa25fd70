#include "line_chunks.hpp"

#include <algorithm>
#include <cstring>
#include <new>

namespace tweetmap {

struct LineChunk {
  LineChunkPool* pool;
  LineChunk* prev;
  LineChunk* next;
  size_t refs;
  size_t capacity;  // bytes of data, not counting the padding after it
  char* data() { return reinterpret_cast<char*>(this + 1); }
};

namespace {

LineChunk* make_chunk(size_t capacity) {
  void* mem = ::operator new(sizeof(LineChunk) + capacity + LineReader::kLinePadding);
  auto* c = new (mem) LineChunk{nullptr, nullptr, nullptr, 1, capacity};
  std::memset(c->data() + capacity, 0, LineReader::kLinePadding);
  return c;
}

void free_chunk(LineChunk* c) {
  c->~LineChunk();
  ::operator delete(c);
}

}  // namespace

void retain(LineChunk* chunk) { ++chunk->refs; }

void release(LineChunk* chunk) {
  if (--chunk->refs > 0) return;
  LineChunkPool* pool = chunk->pool;
  if (chunk->prev) chunk->prev->next = chunk->next;
  if (chunk->next) chunk->next->prev = chunk->prev;
  if (pool->head_ == chunk) pool->head_ = chunk->next;
  --pool->live_;
  free_chunk(chunk);
}

LineChunk* LineChunkPool::allocate(size_t capacity) {
  LineChunk* c = make_chunk(capacity);
  c->pool = this;
  c->next = head_;
  if (head_) head_->prev = c;
  head_ = c;
  ++live_;
  return c;
}

LineChunkPool::~LineChunkPool() {
  while (head_) {
    LineChunk* next = head_->next;
    free_chunk(head_);
    head_ = next;
  }
}

ChunkedLineReader::ChunkedLineReader(LineChunkPool& pool, std::unique_ptr<ByteSource> src,
                                     size_t max_line_bytes)
    : pool_(pool),
      src_(std::move(src)),
      max_line_(max_line_bytes),
      // Large enough that a chunk holds many lines, and always a whole line of the largest size.
      chunk_bytes_(std::max<size_t>(size_t{4} << 20, 2 * max_line_bytes + 2)) {}

ChunkedLineReader::~ChunkedLineReader() {
  if (cur_) release(cur_);
}

ChunkedLineReader::Next ChunkedLineReader::take(size_t start, size_t end, bool skipping,
                                                std::string_view& line, LineChunk*& chunk) {
  ++line_no_;
  size_t len = end - start;
  if (skipping || len > max_line_) return Next::kOversized;
  const char* p = cur_->data() + start;
  if (len > 0 && p[len - 1] == '\r') --len;
  line = std::string_view(p, len);
  chunk = cur_;
  return Next::kLine;
}

ChunkedLineReader::Next ChunkedLineReader::next(std::string_view& line, LineChunk*& chunk) {
  bool skipping = false;  // inside an oversized line: discard until its newline
  size_t scan_from = begin_;
  for (;;) {
    if (cur_) {
      const char* base = cur_->data();
      if (const auto* nl =
              static_cast<const char*>(std::memchr(base + scan_from, '\n', end_ - scan_from))) {
        size_t start = begin_;
        begin_ = static_cast<size_t>(nl - base) + 1;
        return take(start, begin_ - 1, skipping, line, chunk);
      }
      if (end_ - begin_ > max_line_) {
        skipping = true;  // drop what we have of the oversized line and keep discarding
        begin_ = end_;
      }
    }
    size_t scanned = end_ - begin_;
    if (!fill()) {
      if (!status_.is_ok()) return Next::kError;
      if (begin_ < end_ || skipping) {
        size_t start = begin_;
        begin_ = end_;
        // The padding after a last line without "\n" must not show stale bytes.
        std::memset(cur_->data() + end_, 0, LineReader::kLinePadding);
        return take(start, end_, skipping, line, chunk);
      }
      return Next::kEnd;
    }
    scan_from = begin_ + scanned;
  }
}

// Reads more input after end_. When the chunk is full, the partial line at its end moves to a
// new chunk (the old one lives on while its lines are retained). False at EOF or error.
bool ChunkedLineReader::fill() {
  if (eof_) return false;
  if (!cur_ || cur_->capacity - end_ < (64 << 10)) {
    LineChunk* fresh = pool_.allocate(chunk_bytes_);
    size_t keep = cur_ ? end_ - begin_ : 0;
    if (keep > 0) std::memcpy(fresh->data(), cur_->data() + begin_, keep);
    if (cur_) release(cur_);
    cur_ = fresh;
    begin_ = 0;
    end_ = keep;
  }
  auto n = src_->read(cur_->data() + end_, cur_->capacity - end_);
  if (!n) {
    status_ = n.status();
    return false;
  }
  if (*n == 0) {
    eof_ = true;
    return false;
  }
  end_ += *n;
  return true;
}

}  // namespace tweetmap
