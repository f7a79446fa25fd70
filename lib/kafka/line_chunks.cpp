#include "kafka/line_chunks.hpp"

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
  if (pool->n_spares_ < pool->max_spares_) {
    chunk->prev = nullptr;
    chunk->next = pool->spares_;
    pool->spares_ = chunk;
    ++pool->n_spares_;
    return;
  }
  free_chunk(chunk);
}

LineChunk* LineChunkPool::allocate(size_t capacity) {
  LineChunk* c = nullptr;
  while (spares_ && !c) {
    LineChunk* s = spares_;
    spares_ = s->next;
    --n_spares_;
    if (s->capacity == capacity)
      c = s;
    else
      free_chunk(s);
  }
  if (c)
    c->refs = 1;
  else
    c = make_chunk(capacity);
  c->pool = this;
  c->prev = nullptr;
  c->next = head_;
  if (head_) head_->prev = c;
  head_ = c;
  ++live_;
  return c;
}

LineChunkPool::~LineChunkPool() {
  for (LineChunk* list : {head_, spares_}) {
    while (list) {
      LineChunk* next = list->next;
      free_chunk(list);
      list = next;
    }
  }
}

ChunkedLineReader::ChunkedLineReader(LineChunkPool& pool, std::unique_ptr<ByteSource> src,
                                     size_t max_line_bytes)
    : LineReader(std::move(src), max_line_bytes),
      pool_(pool),
      // Large enough that a chunk holds many lines, and always a whole line of the largest size.
      chunk_bytes_(std::max<size_t>(size_t{4} << 20, 2 * max_line_bytes + 2)) {
  map_ = nullptr;  // every line is in a chunk, never in place in a mapped file
}

ChunkedLineReader::~ChunkedLineReader() {
  if (cur_) release(cur_);
}

void ChunkedLineReader::make_room() {
  if (cur_ && cap_ - end_ >= (64 << 10)) return;
  LineChunk* fresh = pool_.allocate(chunk_bytes_);
  size_t keep = end_ - begin_;  // the partial line (never over max_line_: that one is skipped)
  if (keep > 0) std::memcpy(fresh->data(), base_ + begin_, keep);
  if (cur_) release(cur_);
  cur_ = fresh;
  base_ = fresh->data();
  cap_ = fresh->capacity;
  begin_ = 0;
  end_ = keep;
}

}  // namespace tweetmap
