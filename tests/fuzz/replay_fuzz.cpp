// Fuzz target: the compressed replay reader. The input is an archive as tweet-stream replay reads
// it (plain, gzip, bzip2 or zstd, detected by magic bytes), served in chunks of a fuzzed size,
// decompressed, split into lines and run through the replay pipeline. Corrupt data must be an
// error, never a crash or a hang, and every line written must be one valid JSON record. The
// parallel pipeline (worker threads) must write the same bytes and count the same lines.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/filter.hpp"
#include "core/line_io.hpp"
#include "core/log.hpp"
#include "fuzz_check.hpp"
#include "source/compressed_source.hpp"
#include "source/pipeline.hpp"

using tweetmap::fuzz::check;

namespace {

/// The fuzz input as a ByteSource that hands out at most `chunk` bytes per read.
class MemorySource : public tweetmap::ByteSource {
 public:
  MemorySource(std::string_view data, size_t chunk) : data_(data), chunk_(chunk) {}
  tweetmap::Result<size_t> read(char* buf, size_t n) override {
    size_t k = std::min({n, chunk_, data_.size() - pos_});
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  std::string name() const override { return "fuzz"; }

 private:
  std::string_view data_;
  size_t chunk_;
  size_t pos_ = 0;
};

/// Ends the stream after `limit` bytes, so a small decompression bomb cannot exhaust the fuzzer's
/// memory or time (the tools stream such input; only the fuzzer needs the bound).
class CappedSource : public tweetmap::ByteSource {
 public:
  CappedSource(std::unique_ptr<tweetmap::ByteSource> inner, size_t limit)
      : inner_(std::move(inner)), left_(limit) {}
  tweetmap::Result<size_t> read(char* buf, size_t n) override {
    if (left_ == 0) return size_t{0};
    auto got = inner_->read(buf, std::min(n, left_));
    if (got) left_ -= *got;
    return got;
  }
  std::string name() const override { return inner_->name(); }

 private:
  std::unique_ptr<tweetmap::ByteSource> inner_;
  size_t left_;
};

int output_fd(int which) {
  static int fds[2] = {-1, -1};
  if (fds[which] < 0) {
    tweetmap::set_tool_name("tweet-stream");
    tweetmap::set_verbosity(tweetmap::Verbosity::kQuiet);
    fds[which] = memfd_create("fuzz-replay-out", 0);
  }
  return fds[which];
}

struct Replayed {
  std::string written;
  tweetmap::StreamCounters counts;
  bool read_ok = true;  // false: the archive is corrupt (what came before the error was replayed)
};

// Replays the archive in reads of `chunk` bytes, on this thread or on two workers.
Replayed replay(std::string_view archive, size_t chunk, bool parallel) {
  int fd = output_fd(parallel ? 1 : 0);
  check(fd >= 0, "memfd_create failed");
  check(ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0, "cannot reset the output file");
  constexpr size_t kMaxLine = 64 << 10;
  auto src = std::make_unique<tweetmap::DecompressingSource>(
      std::make_unique<MemorySource>(archive, chunk), archive.size());
  auto capped = std::make_unique<CappedSource>(std::move(src), 4 << 20);
  auto filter = tweetmap::Filter::make({});
  check(filter.is_ok(), "empty filter");
  tweetmap::ManualClock clock(0);
  Replayed r;
  {
    tweetmap::OutputSink out(fd);
    tweetmap::PipelineOptions opts;
    opts.threads = parallel ? 2 : 1;
    tweetmap::Pipeline pipeline("replay", std::move(filter).value(), opts, out, clock);
    if (parallel) {
      r.read_ok = pipeline.run_parallel(*capped, "fuzz", nullptr, kMaxLine).is_ok();
    } else {
      tweetmap::LineReader reader(std::move(capped), kMaxLine);
      r.read_ok = pipeline.run(reader, "fuzz").is_ok();
    }
    tweetmap::Status st = pipeline.finish();
    check(st.is_ok(), "writing to the memory file failed");
    r.counts = pipeline.counters();
  }
  off_t len = lseek(fd, 0, SEEK_END);
  check(len >= 0, "lseek");
  r.written.assign(static_cast<size_t>(len), '\0');
  check(pread(fd, r.written.data(), r.written.size(), 0) == len, "cannot read the output back");
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // First byte: the read chunk size (1..256 bytes), to hit every buffer boundary.
  size_t chunk = static_cast<size_t>(data[0]) + 1;
  std::string_view archive(reinterpret_cast<const char*>(data) + 1, size - 1);
  Replayed one = replay(archive, chunk, false);
  Replayed two = replay(archive, chunk, true);
  check(one.read_ok == two.read_ok, "the parallel replay read the archive otherwise");
  // How much of a corrupt archive decodes before the error depends on the read sizes, which
  // differ; a sound one must give the same result.
  if (one.read_ok) {
    check(one.written == two.written, "the parallel replay wrote other bytes");
    const auto& a = one.counts;
    const auto& b = two.counts;
    check(a.lines == b.lines && a.posts == b.posts && a.out == b.out && a.control == b.control &&
              a.blank == b.blank && a.malformed == b.malformed && a.bytes_in == b.bytes_in,
          "the parallel replay counted otherwise");
  }
  for (const std::string& written : {one.written, two.written}) {
    size_t pos = 0;
    while (pos < written.size()) {
      size_t nl = written.find('\n', pos);
      check(nl != std::string::npos, "output does not end with a newline");
      tweetmap::fuzz::check_json_line(std::string_view(written).substr(pos, nl - pos + 1),
                                      "replay wrote a line that is not one valid JSON object");
      pos = nl + 1;
    }
  }
  return 0;
}
