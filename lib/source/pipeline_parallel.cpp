// Pipeline::run_parallel: this thread reads blocks of whole lines and writes the results in
// order; worker threads parse the blocks in between. Each block carries what run() would have
// done with its lines (output bytes, counts, messages with their line numbers), so the merged
// result is the same.
#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

#include "core/log.hpp"
#include "core/mapped_file.hpp"
#include "core/signals.hpp"
#include "source/pipeline.hpp"

namespace tweetmap {

// Bytes, grown without the zero-filling of std::string::resize (every input byte goes through
// one of these).
class ByteBuffer {
 public:
  char* data() { return p_.get(); }
  const char* data() const { return p_.get(); }
  size_t size() const { return size_; }
  /// Room for `n` more bytes after size() and the padding after them; returns where they go.
  char* grow(size_t n) {
    size_t need = size_ + n + LineReader::kLinePadding;
    if (need > cap_) {
      size_t cap = std::max(need, cap_ + cap_ / 2);
      auto p = std::make_unique_for_overwrite<char[]>(cap);
      if (size_ > 0) std::memcpy(p.get(), p_.get(), size_);
      p_ = std::move(p);
      cap_ = cap;
    }
    return p_.get() + size_;
  }
  void commit(size_t n) { size_ += n; }
  void assign(std::string_view s) {
    size_ = 0;
    std::memcpy(grow(s.size()), s.data(), s.size());
    size_ = s.size();
  }
  void truncate(size_t n) { size_ = n; }
  /// Frees the memory of an empty buffer grown over `limit` (by a long line).
  void shrink(size_t limit) {
    if (size_ == 0 && cap_ > limit) {
      p_.reset();
      cap_ = 0;
    }
  }
  void erase(size_t at, size_t n) {
    std::memmove(p_.get() + at, p_.get() + at + n, size_ - at - n);
    size_ -= n;
  }
  /// Zeros the padding after the bytes (room for it is kept by grow()).
  void pad() { std::memset(grow(0), 0, LineReader::kLinePadding); }

 private:
  std::unique_ptr<char[]> p_;
  size_t size_ = 0, cap_ = 0;
};

// A message about one line, reported when its block is merged.
struct LineEvent {
  uint64_t line;      // index of the line in its block, from 0
  ParsedLine parsed;  // kMalformed (message: why) or a control message worth reporting
};

struct ReplayBlock {
  uint64_t too_long = 0;  // lines skipped (over the line limit) just before this block's lines
  ByteBuffer in;          // whole lines, each with its "\n", then kLinePadding zeros
  // Or, when not empty, the lines where they lie in a mapped file (padding readable after them).
  std::string_view mapped;
  std::string_view lines() const {
    return mapped.empty() ? std::string_view(in.data(), in.size()) : mapped;
  }
  // Filled by the worker:
  std::string out;
  StreamCounters counts;  // malformed lines are not counted here: merge() reports and counts them
  std::vector<LineEvent> events;
  bool done = false;  // parsed: ready to merge
};

namespace {

constexpr size_t kBlockBytes = 256 << 10;

// Parses every line of `b` as LineReader and Pipeline::feed would, collecting instead of writing.
void process_block(ReplayBlock& b, LineProcessor& proc, size_t max_line) {
  b.out.clear();
  b.counts = {};
  b.events.clear();
  std::string_view lines = b.lines();
  const char* p = lines.data();
  const char* end = p + lines.size();
  for (uint64_t i = 0; p < end; ++i) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    std::string_view line(p, static_cast<size_t>(nl - p));
    p = nl + 1;
    if (line.size() > max_line) {
      ++b.counts.lines;
      b.events.push_back({i, ParsedLine{LineKind::kMalformed, {}, "line too long"}});
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const ParsedLine& parsed = proc.process(line, true, b.counts);
    if (parsed.kind == LineKind::kMalformed || LineProcessor::worth_reporting(parsed))
      b.events.push_back({i, parsed});
    const auto& matches = proc.matches();
    if (proc.raw()) {
      if (matches.empty()) continue;
      b.out.append(line);
      b.out.push_back('\n');
      ++b.counts.out;
      continue;
    }
    for (const Record* r : matches) append_record_json(*r, b.out);
    b.counts.out += matches.size();
  }
}

// Cuts a byte stream into blocks of whole lines, as LineReader cuts it into lines: a line over
// the limit is dropped (counted in the too_long of the block after it); a last line without "\n"
// gets one; after a read error, what came before the last newline is all there is.
// From a mapped file a block's lines are taken where they lie, cut where read(2) would have cut
// them (the same blocks, so the same output and messages in the same order), whenever that needs
// nothing special: not the first block (a byte order mark), nor one with a line over the limit,
// nor the last ones (the end of the mapping and what was appended after it).
class BlockReader {
 public:
  BlockReader(ByteSource& src, size_t max_line)
      : src_(src), max_line_(max_line), map_(src.mapped_file()) {}
  bool done() const { return eof_; }
  const Status& status() const { return status_; }
  /// Error when the mapped lines of `b` were not all the file's (it shrank while being read).
  Status check(const ReplayBlock& b) const {
    if (b.mapped.empty() || map_->intact_before(b.mapped.data() + b.mapped.size()))
      return Status::ok();
    return map_->shrank_error();
  }
  /// `b` was merged: the mapped pages before its end are not needed any more.
  void merged(const ReplayBlock& b) {
    if (!b.mapped.empty()) map_->release_before(b.mapped.data() + b.mapped.size());
  }

  void fill(ReplayBlock& b) {
    b.mapped = {};
    if (map_ != nullptr && fill_in_place(b)) return;
    ByteBuffer& in = b.in;
    b.too_long = 0;
    in.truncate(0);
    in.shrink(4 * kBlockBytes);  // a long line does not keep its memory in every slot
    in.assign(carry_);
    size_t lines_end = 0;  // index after the last "\n" in `in` (0: none yet)
    while (!eof_ && (lines_end == 0 || in.size() < kBlockBytes)) {
      if (stop_requested()) {
        // As LineReader: input that keeps arriving never makes read(2) return EINTR; a partial
        // line cut by the stop is dropped.
        eof_ = stopped_ = true;
        break;
      }
      size_t old = in.size();
      auto got = src_.read(in.grow(kBlockBytes), kBlockBytes);
      if (!got) status_ = got.status();
      size_t n = got ? *got : 0;
      if (n == 0) {
        eof_ = true;
        break;
      }
      in.commit(n);
      if (at_start_ && in.size() >= LineReader::kUtf8Bom.size()) {
        // A UTF-8 byte order mark at the start of the input is not part of the first line.
        at_start_ = false;
        if (std::string_view(in.data(), in.size()).starts_with(LineReader::kUtf8Bom)) {
          const size_t bom = LineReader::kUtf8Bom.size();  // some of it may be from before
          in.erase(0, bom);
          n -= bom - std::min(old, bom);
          old -= std::min(old, bom);
          if (n == 0) continue;
        }
      }
      if (skipping_) {
        // Inside a line over the limit: drop it through its newline.
        const char* from = in.data() + old;
        const auto* nl = static_cast<const char*>(std::memchr(from, '\n', n));
        if (nl == nullptr) {
          in.truncate(old);
          continue;
        }
        in.erase(old, static_cast<size_t>(nl - from) + 1);
        skipping_ = false;
        ++b.too_long;  // no lines in `in` yet: the dropped line comes before them
        n = in.size() - old;
        if (n == 0) continue;
      }
      if (const auto* nl = static_cast<const char*>(::memrchr(in.data() + old, '\n', n)))
        lines_end = static_cast<size_t>(nl - in.data()) + 1;
      if (in.size() - lines_end > max_line_) {
        // The partial line is over the limit: drop it (counted where it ends, as LineReader
        // does). The lines before it go first, in this block.
        skipping_ = true;
        in.truncate(lines_end);
        if (lines_end > 0) break;
      }
    }
    if (eof_) {
      // A last line without "\n" is a line (not after a read error: LineReader stops there).
      if (!skipping_ && !stopped_ && status_.is_ok() && in.size() > lines_end) {
        *in.grow(1) = '\n';
        in.commit(1);
        lines_end = in.size();
      }
      if (skipping_ && !stopped_ && status_.is_ok())
        ++b.too_long;  // the dropped line ended with the input
      skipping_ = false;
    }
    carry_.assign(in.data() + lines_end, in.size() - lines_end);
    in.truncate(lines_end);
    in.pad();
  }

 private:
  // fill() in place: the reads it would make, over the mapping. False (nothing changed) when the
  // block needs the buffered path.
  bool fill_in_place(ReplayBlock& b) {
    const char* end = map_->end();
    if (at_start_ || skipping_ || eof_ || map_->pos() == end) return false;
    const char* p = map_->pos() - carry_.size();  // the carry is the bytes before pos()
    const char* read_end = map_->pos();
    const char* lines_end = nullptr;
    while (lines_end == nullptr || static_cast<size_t>(read_end - p) < kBlockBytes) {
      if (read_end == end || stop_requested()) return false;
      const char* old = read_end;
      read_end = std::min(read_end + kBlockBytes, end);
      if (const auto* nl =
              static_cast<const char*>(::memrchr(old, '\n', static_cast<size_t>(read_end - old))))
        lines_end = nl + 1;
      if (static_cast<size_t>(read_end - (lines_end ? lines_end : p)) > max_line_) return false;
    }
    if (map_->readable_end() - (lines_end - 1) < static_cast<ptrdiff_t>(LineReader::kLinePadding))
      return false;
    b.too_long = 0;
    b.mapped = std::string_view(p, static_cast<size_t>(lines_end - p));
    map_->advance(read_end);
    carry_.assign(lines_end, static_cast<size_t>(read_end - lines_end));
    return true;
  }

  ByteSource& src_;
  size_t max_line_;
  MappedFile* map_;    // null: not a mapped file
  std::string carry_;  // a partial line after the last block's lines
  bool skipping_ = false;
  bool eof_ = false;
  bool stopped_ = false;
  bool at_start_ = true;
  Status status_;
};

// The blocks in flight: a ring filled and merged in order by the reading thread, parsed by the
// workers in between.
class BlockRing {
 public:
  BlockRing(size_t slots, const LineProcessor& proto, unsigned workers, size_t max_line)
      : blocks_(slots), max_line_(max_line) {
    for (unsigned i = 0; i < workers; ++i)
      threads_.emplace_back([this, proc = proto.clone()]() mutable { work(proc); });
  }
  ~BlockRing() {
    {
      std::lock_guard lock(mu_);
      quit_ = true;
    }
    work_cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  BlockRing(const BlockRing&) = delete;
  BlockRing& operator=(const BlockRing&) = delete;

  /// The block to fill next, or null when every slot is in flight (merge one first).
  ReplayBlock* free_block() {
    if (filled_ - merged_ == blocks_.size()) return nullptr;
    return &blocks_[filled_ % blocks_.size()];
  }
  /// Hands the block from free_block() to the workers.
  void queue() {
    {
      std::lock_guard lock(mu_);
      blocks_[filled_ % blocks_.size()].done = false;
      ++filled_;
    }
    work_cv_.notify_one();
  }
  bool empty() const { return filled_ == merged_; }
  /// The oldest block once it is parsed (waits for it); null when none is in flight.
  ReplayBlock* oldest() {
    if (empty()) return nullptr;
    ReplayBlock& b = blocks_[merged_ % blocks_.size()];
    std::unique_lock lock(mu_);
    done_cv_.wait(lock, [&] { return b.done; });
    return &b;
  }
  /// The oldest block if it is parsed already, else null.
  ReplayBlock* oldest_if_done() {
    if (empty()) return nullptr;
    ReplayBlock& b = blocks_[merged_ % blocks_.size()];
    std::lock_guard lock(mu_);
    return b.done ? &b : nullptr;
  }
  /// Frees the block from oldest() for filling again.
  void release() { ++merged_; }

 private:
  void work(LineProcessor& proc) {
    std::unique_lock lock(mu_);
    for (;;) {
      work_cv_.wait(lock, [&] { return quit_ || taken_ < filled_; });
      if (quit_) return;
      ReplayBlock& b = blocks_[taken_++ % blocks_.size()];
      lock.unlock();
      process_block(b, proc, max_line_);
      lock.lock();
      b.done = true;
      done_cv_.notify_one();
    }
  }

  std::vector<ReplayBlock> blocks_;
  size_t max_line_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  // Sequence numbers: blocks filled, taken by a worker, merged (merged <= taken <= filled).
  size_t filled_ = 0, taken_ = 0, merged_ = 0;
  bool quit_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

Status Pipeline::merge(const ReplayBlock& b, std::string_view input, uint64_t& line_no) {
  for (uint64_t i = 0; i < b.too_long; ++i) {
    ++counters_.lines;
    report_malformed(input, ++line_no, "line too long");
  }
  for (const LineEvent& e : b.events) {
    if (e.parsed.kind == LineKind::kMalformed)
      report_malformed(input, line_no + 1 + e.line, e.parsed.message);
    else
      report_stream_message(input, line_no + 1 + e.line, e.parsed);
  }
  const StreamCounters& c = b.counts;
  line_no += c.lines;
  counters_.lines += c.lines;
  counters_.posts += c.posts;
  counters_.out += c.out;
  counters_.filtered += c.filtered;
  counters_.control += c.control;
  counters_.blank += c.blank;
  counters_.geo_profile += c.geo_profile;
  counters_.geo_text += c.geo_text;
  counters_.bytes_in += c.bytes_in;
  Status st = output(out_.write_block(b.out));
  counters_.bytes_out = out_.bytes_written();
  reporter_.tick(counters_);
  if (stop_requested()) done_ = true;
  return st;
}

Status Pipeline::run_parallel(ByteSource& src, const std::string& input,
                              const DecompressingSource* progress_src, size_t max_line_bytes) {
  reporter_.set_input(input, progress_src);
  log_info("{}: parsing on {} threads", input, opts_.threads);
  BlockRing ring(4 * opts_.threads, proc_, opts_.threads, max_line_bytes);
  BlockReader reader(src, max_line_bytes);
  uint64_t line_no = 0;  // lines of the input merged so far
  Status st;
  while (st && !done_) {
    ReplayBlock* b = ring.oldest_if_done();
    if (b == nullptr && reader.done() && !ring.empty()) b = ring.oldest();
    if (b == nullptr && !reader.done()) {
      if (ReplayBlock* f = ring.free_block()) {
        reader.fill(*f);
        ring.queue();
        continue;
      }
      b = ring.oldest();
    }
    if (b == nullptr) break;
    st = reader.check(*b);
    if (st) st = merge(*b, input, line_no);
    reader.merged(*b);
    ring.release();
  }
  if (!st) return st;
  return reader.status();
}

}  // namespace tweetmap
