#include "source/compressed_source.hpp"

#include <bzlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "core/mapped_file.hpp"

namespace tweetmap {
namespace {
constexpr size_t kInputBuffer = 1 << 18;
}  // namespace

std::string_view compression_name(Compression c) {
  switch (c) {
    case Compression::kGzip:
      return "gzip";
    case Compression::kBzip2:
      return "bzip2";
    case Compression::kZstd:
      return "zstd";
    case Compression::kNone:
      break;
  }
  return "plain";
}

Compression detect_compression(std::string_view h) {
  auto at = [&](size_t i) { return static_cast<unsigned char>(h[i]); };
  if (h.size() >= 3 && at(0) == 0x1f && at(1) == 0x8b && at(2) == 0x08) return Compression::kGzip;
  // "BZh" + block size digit '1'..'9'.
  if (h.size() >= 4 && h.substr(0, 3) == "BZh" && h[3] >= '1' && h[3] <= '9')
    return Compression::kBzip2;
  // zstd frame magic 0xFD2FB528 (little endian), or a skippable frame 0x184D2A5?.
  if (h.size() >= 4) {
    if (at(0) == 0x28 && at(1) == 0xb5 && at(2) == 0x2f && at(3) == 0xfd) return Compression::kZstd;
    if ((at(0) & 0xf0) == 0x50 && at(1) == 0x2a && at(2) == 0x4d && at(3) == 0x18)
      return Compression::kZstd;
  }
  return Compression::kNone;
}

// Decoder states; only the one matching kind_ is initialized.
struct DecompressingSource::Codec {
  z_stream z{};
  bool z_init = false;
  bz_stream bz{};
  bool bz_init = false;
  ZSTD_DCtx* zstd = nullptr;
  bool member_open = false;  // inside a gzip member / bzip2 stream / zstd frame
  ~Codec() {
    if (z_init) inflateEnd(&z);
    if (bz_init) BZ2_bzDecompressEnd(&bz);
    if (zstd) ZSTD_freeDCtx(zstd);
  }
};

DecompressingSource::DecompressingSource(std::unique_ptr<ByteSource> inner, uint64_t size_hint)
    : inner_(std::move(inner)), size_hint_(size_hint), codec_(std::make_unique<Codec>()) {}

DecompressingSource::~DecompressingSource() = default;

Status DecompressingSource::corrupt(std::string_view what) const {
  return parse_error(fmt::format("{}: {} {}", name(), compression_name(kind_), what));
}

// Reads more raw input after what is buffered. Returns the count (0 at end of input).
Result<size_t> DecompressingSource::fill_input() {
  if (inner_eof_) return size_t{0};
  if (in_pos_ > 0) {
    std::memmove(in_.data(), in_.data() + in_pos_, in_end_ - in_pos_);
    in_end_ -= in_pos_;
    in_pos_ = 0;
  }
  if (in_.size() < kInputBuffer) in_.resize(kInputBuffer);
  if (in_end_ == in_.size()) return size_t{0};
  auto got = inner_->read(in_.data() + in_end_, in_.size() - in_end_);
  if (!got) return got.status();
  if (*got == 0) inner_eof_ = true;
  in_end_ += *got;
  raw_bytes_ += *got;
  return *got;
}

Status DecompressingSource::detect() {
  detected_ = true;
  // Gather at least 4 bytes (or everything there is) before deciding.
  while (in_end_ - in_pos_ < 4 && !inner_eof_) {
    auto got = fill_input();
    if (!got) return got.status();
  }
  kind_ = detect_compression(std::string_view(in_.data() + in_pos_, in_end_ - in_pos_));
  Codec& c = *codec_;
  switch (kind_) {
    case Compression::kGzip:
      if (inflateInit2(&c.z, 15 + 16) != Z_OK) return corrupt("decoder failed to start");
      c.z_init = true;
      break;
    case Compression::kBzip2:
      if (BZ2_bzDecompressInit(&c.bz, 0, 0) != BZ_OK) return corrupt("decoder failed to start");
      c.bz_init = true;
      break;
    case Compression::kZstd:
      c.zstd = ZSTD_createDCtx();
      if (!c.zstd) return corrupt("decoder failed to start");
      break;
    case Compression::kNone:
      break;
  }
  return Status::ok();
}

Result<size_t> DecompressingSource::read(char* buf, size_t n) {
  if (!detected_) {
    Status st = detect();
    if (!st) return st;
  }
  if (n == 0) return size_t{0};
  switch (kind_) {
    case Compression::kGzip:
      return read_gzip(buf, n);
    case Compression::kBzip2:
      return read_bzip2(buf, n);
    case Compression::kZstd:
      return read_zstd(buf, n);
    case Compression::kNone:
      break;
  }
  return read_plain(buf, n);
}

MappedFile* DecompressingSource::mapped_file() {
  MappedFile* m = inner_->mapped_file();
  if (m == nullptr) return nullptr;
  if (!detected_) {
    std::string_view head(m->pos(), std::min<size_t>(4, static_cast<size_t>(m->end() - m->pos())));
    if (detect_compression(head) != Compression::kNone) return nullptr;
    detected_ = true;  // plain: read() passes the bytes after the in-place ones through
  }
  if (kind_ != Compression::kNone || in_pos_ != in_end_) return nullptr;
  mapped_ = m;
  return m;
}

uint64_t DecompressingSource::raw_bytes() const {
  return raw_bytes_ + (mapped_ != nullptr ? mapped_->advanced() : 0);
}

Result<size_t> DecompressingSource::read_plain(char* buf, size_t n) {
  if (in_pos_ < in_end_) {
    size_t k = std::min(n, in_end_ - in_pos_);
    std::memcpy(buf, in_.data() + in_pos_, k);
    in_pos_ += k;
    return k;
  }
  if (inner_eof_) return size_t{0};
  auto got = inner_->read(buf, n);
  if (!got) return got.status();
  if (*got == 0) inner_eof_ = true;
  raw_bytes_ += *got;
  return *got;
}

// The three decoders share one loop (decode_loop): feed what input is buffered (possibly none, so
// the decoder can drain output it still holds), return what was produced; between members restart
// the decoder when more input follows; at end of input inside a member the data was truncated.
template <typename Step>
Result<size_t> DecompressingSource::decode_loop(char* buf, size_t n, Step&& step) {
  Codec& c = *codec_;
  size_t cap = std::min<size_t>(n, 1u << 30);
  for (;;) {
    if (!c.member_open) {
      if (in_pos_ == in_end_) {
        auto got = fill_input();
        if (!got) return got.status();
        if (*got == 0) return size_t{0};
      }
      // Zero padding after the last gzip member is tolerated (as gzip does).
      if (kind_ == Compression::kGzip) {
        while (in_pos_ < in_end_ && in_[in_pos_] == '\0') ++in_pos_;
        if (in_pos_ == in_end_) continue;
      }
      if (finished_) {
        Status st = restart();
        if (!st) return st;
      }
      c.member_open = true;
    }
    size_t before = in_pos_;
    StepResult r = step(buf, cap);
    if (!r.error.empty()) return corrupt(fmt::format("data is corrupt ({})", r.error));
    if (r.ended) {
      c.member_open = false;
      finished_ = true;
    }
    if (r.produced > 0) return r.produced;
    if (r.ended || in_pos_ != before) continue;
    // No progress: the decoder needs more input.
    auto got = fill_input();
    if (!got) return got.status();
    if (*got == 0 && in_pos_ == in_end_) return corrupt("data is truncated");
  }
}

Status DecompressingSource::restart() {
  Codec& c = *codec_;
  if (kind_ == Compression::kGzip) {
    if (inflateReset(&c.z) != Z_OK) return corrupt("decoder failed to restart");
  } else if (kind_ == Compression::kBzip2) {
    BZ2_bzDecompressEnd(&c.bz);
    c.bz = bz_stream{};
    if (BZ2_bzDecompressInit(&c.bz, 0, 0) != BZ_OK) return corrupt("decoder failed to restart");
  }
  return Status::ok();  // zstd continues with the next frame by itself
}

Result<size_t> DecompressingSource::read_gzip(char* buf, size_t n) {
  return decode_loop(buf, n, [this](char* out, size_t cap) {
    z_stream& z = codec_->z;
    z.next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
    z.avail_in = static_cast<uInt>(in_end_ - in_pos_);
    z.next_out = reinterpret_cast<Bytef*>(out);
    z.avail_out = static_cast<uInt>(cap);
    int ret = inflate(&z, Z_NO_FLUSH);
    in_pos_ = in_end_ - z.avail_in;
    StepResult r;
    r.produced = cap - z.avail_out;
    r.ended = ret == Z_STREAM_END;
    if (ret != Z_OK && ret != Z_BUF_ERROR && ret != Z_STREAM_END)
      r.error = z.msg ? z.msg : "inflate error";
    return r;
  });
}

Result<size_t> DecompressingSource::read_bzip2(char* buf, size_t n) {
  return decode_loop(buf, n, [this](char* out, size_t cap) {
    bz_stream& bz = codec_->bz;
    bz.next_in = in_.data() + in_pos_;
    bz.avail_in = static_cast<unsigned>(in_end_ - in_pos_);
    bz.next_out = out;
    bz.avail_out = static_cast<unsigned>(cap);
    int ret = BZ2_bzDecompress(&bz);
    in_pos_ = in_end_ - bz.avail_in;
    StepResult r;
    r.produced = cap - bz.avail_out;
    r.ended = ret == BZ_STREAM_END;
    if (ret != BZ_OK && ret != BZ_STREAM_END) r.error = fmt::format("libbz2 error {}", ret);
    return r;
  });
}

Result<size_t> DecompressingSource::read_zstd(char* buf, size_t n) {
  return decode_loop(buf, n, [this](char* out, size_t cap) {
    ZSTD_inBuffer in{in_.data() + in_pos_, in_end_ - in_pos_, 0};
    ZSTD_outBuffer o{out, cap, 0};
    size_t ret = ZSTD_decompressStream(codec_->zstd, &o, &in);
    in_pos_ += in.pos;
    StepResult r;
    if (ZSTD_isError(ret)) {
      r.error = ZSTD_getErrorName(ret);
      return r;
    }
    r.produced = o.pos;
    // 0: a frame ended and everything it holds was flushed.
    r.ended = ret == 0;
    return r;
  });
}

Result<std::unique_ptr<DecompressingSource>> open_input(const std::string& path) {
  auto file = open_file_source(path);
  if (!file) return file.status();
  uint64_t size = 0;
  struct stat st {};
  if (::fstat((*file)->fd(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return io_error(fmt::format("cannot read {}: Is a directory", path));
    if (S_ISREG(st.st_mode)) {
      size = static_cast<uint64_t>(st.st_size);
      // Read once, front to back: ask for aggressive read-ahead.
      (void)::posix_fadvise((*file)->fd(), 0, 0, POSIX_FADV_SEQUENTIAL);
      char head[4];
      ssize_t got = ::pread((*file)->fd(), head, sizeof head, 0);
      if (got >= 0 && detect_compression(std::string_view(head, static_cast<size_t>(got))) ==
                          Compression::kNone) {
        // Plain: map it. A file that cannot be mapped is read with read(2).
        auto mapped = MappedFile::map(*file, size);
        if (mapped) return std::make_unique<DecompressingSource>(std::move(mapped).value(), size);
      }
    }
  }
  return std::make_unique<DecompressingSource>(std::move(file).value(), size);
}

}  // namespace tweetmap
