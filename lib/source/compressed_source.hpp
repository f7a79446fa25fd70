// Input files that may be compressed: gzip, bzip2 or zstd, detected by their magic bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/line_io.hpp"

namespace tweetmap {

/// The container formats an input may be in.
enum class Compression { kNone, kGzip, kBzip2, kZstd };

/// "plain", "gzip", "bzip2", "zstd".
std::string_view compression_name(Compression c);

/// Detects the format from the first bytes of a file (at least 4 bytes give a sure answer;
/// fewer bytes can only be plain).
Compression detect_compression(std::string_view head);

/// A ByteSource that decompresses another one. The format is detected from the first bytes the
/// first time read() is called; plain input passes through unchanged. Multi-member gzip files,
/// concatenated bzip2 streams and concatenated zstd frames are read as one stream (as gzip -dc,
/// bzip2 -dc and zstd -dc do). Corrupt or truncated data is an error naming the input.
/// Single-threaded.
class DecompressingSource : public ByteSource {
 public:
  /// `inner` is owned. `size_hint` is the size of the raw input in bytes when known (0 if not),
  /// used only for progress reporting.
  explicit DecompressingSource(std::unique_ptr<ByteSource> inner, uint64_t size_hint = 0);
  ~DecompressingSource() override;
  DecompressingSource(const DecompressingSource&) = delete;
  DecompressingSource& operator=(const DecompressingSource&) = delete;

  Result<size_t> read(char* buf, size_t n) override;
  std::string name() const override { return inner_->name(); }
  /// The inner source's mapped file while it can be read in place: plain (detected from the
  /// mapped bytes, without consuming them) and nothing taken into this source's buffer.
  MappedFile* mapped_file() override;

  /// The detected format (kNone before the first read).
  Compression compression() const { return kind_; }
  /// Raw (possibly compressed) bytes consumed so far, and the raw size when known (else 0).
  uint64_t raw_bytes() const;
  uint64_t raw_size() const { return size_hint_; }

 private:
  struct Codec;
  struct StepResult {
    size_t produced = 0;
    bool ended = false;  // a member/frame/stream ended
    std::string error;
  };
  template <typename Step>
  Result<size_t> decode_loop(char* buf, size_t n, Step&& step);
  Status restart();
  Status detect();
  Result<size_t> fill_input();
  Result<size_t> read_plain(char* buf, size_t n);
  Result<size_t> read_gzip(char* buf, size_t n);
  Result<size_t> read_bzip2(char* buf, size_t n);
  Result<size_t> read_zstd(char* buf, size_t n);
  Status corrupt(std::string_view what) const;

  std::unique_ptr<ByteSource> inner_;
  uint64_t size_hint_;
  uint64_t raw_bytes_ = 0;
  bool detected_ = false;
  bool inner_eof_ = false;
  bool finished_ = false;  // decoder reached the end of the last member
  Compression kind_ = Compression::kNone;
  std::string in_;  // raw input buffer
  size_t in_pos_ = 0, in_end_ = 0;
  std::unique_ptr<Codec> codec_;
  const MappedFile* mapped_ = nullptr;  // handed out by mapped_file(): its bytes read in place
};

/// Opens `path` ("-" is stdin) for reading, decompressing as needed. A plain regular file is
/// read through a memory mapping (MappedFile: its lines can be parsed in place); compressed
/// files, stdin, pipes and devices with read(2). Errors: one line naming the file ("cannot open
/// x.gz: No such file or directory").
Result<std::unique_ptr<DecompressingSource>> open_input(const std::string& path);

}  // namespace tweetmap
