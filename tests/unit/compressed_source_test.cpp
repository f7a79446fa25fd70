#include "source/compressed_source.hpp"

#include <bzlib.h>
#include <doctest/doctest.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "string_source.hpp"

using namespace tweetmap;
using testing::StringSource;

namespace {

std::string gzip(const std::string& s) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, s.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
  z.avail_in = static_cast<uInt>(s.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string bzip2(const std::string& s) {
  std::string out(s.size() + s.size() / 100 + 700, '\0');
  auto n = static_cast<unsigned>(out.size());
  REQUIRE(BZ2_bzBuffToBuffCompress(out.data(), &n, const_cast<char*>(s.data()),
                                   static_cast<unsigned>(s.size()), 9, 0, 0) == BZ_OK);
  out.resize(n);
  return out;
}

std::string zstd(const std::string& s) {
  std::string out(ZSTD_compressBound(s.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), s.data(), s.size(), 3);
  REQUIRE(!ZSTD_isError(n));
  out.resize(n);
  return out;
}

// Reads everything through a DecompressingSource with small output buffers.
Result<std::string> read_all(const std::string& raw, size_t in_chunk, size_t out_chunk = 7) {
  DecompressingSource src(std::make_unique<StringSource>(raw, in_chunk, "mem.in"));
  std::string out;
  std::string buf(out_chunk, '\0');
  for (;;) {
    auto got = src.read(buf.data(), buf.size());
    if (!got) return got.status();
    if (*got == 0) return out;
    out.append(buf.data(), *got);
  }
}

std::string sample_text() {
  std::string s;
  for (int i = 0; i < 2000; ++i)
    s += "{\"id\":\"" + std::to_string(1000000 + i) + "\",\"text\":\"line " + std::to_string(i) +
         "\"}\n";
  return s;
}

}  // namespace

TEST_CASE("compression is detected from magic bytes") {
  CHECK(detect_compression(std::string("\x1f\x8b\x08\x00", 4)) == Compression::kGzip);
  CHECK(detect_compression("BZh9") == Compression::kBzip2);
  CHECK(detect_compression("BZh0") == Compression::kNone);
  CHECK(detect_compression(std::string("\x28\xb5\x2f\xfd", 4)) == Compression::kZstd);
  CHECK(detect_compression(std::string("\x50\x2a\x4d\x18", 4)) == Compression::kZstd);
  CHECK(detect_compression("{\"created_at\"") == Compression::kNone);
  CHECK(detect_compression("") == Compression::kNone);
  CHECK(detect_compression("BZ") == Compression::kNone);
  CHECK(compression_name(Compression::kZstd) == "zstd");
}

TEST_CASE("plain, gzip, bzip2 and zstd inputs read back byte for byte") {
  const std::string text = sample_text();
  for (size_t chunk : {size_t{1}, size_t{3}, size_t{4096}, size_t{1} << 20}) {
    CAPTURE(chunk);
    for (const std::string& raw : {text, gzip(text), bzip2(text), zstd(text)}) {
      auto got = read_all(raw, chunk, chunk == 1 ? 5 : 65536);
      REQUIRE(got.is_ok());
      CHECK(*got == text);
    }
  }
}

TEST_CASE("multi-member gzip, concatenated bzip2 streams and zstd frames are one stream") {
  std::string a = "first part\n", b = "second part\n";
  CHECK(*read_all(gzip(a) + gzip(b), 5) == a + b);
  CHECK(*read_all(bzip2(a) + bzip2(b), 5) == a + b);
  CHECK(*read_all(zstd(a) + zstd(b), 5) == a + b);
  // Zero padding after the last gzip member is tolerated, as gzip -d does.
  CHECK(*read_all(gzip(a) + std::string(100, '\0'), 64) == a);
}

TEST_CASE("empty and tiny inputs") {
  CHECK(*read_all("", 10) == "");
  CHECK(*read_all("x", 10) == "x");
  CHECK(*read_all("BZ", 1) == "BZ");
  CHECK(*read_all(gzip(""), 3) == "");
}

TEST_CASE("truncated compressed data is an error naming the input") {
  const std::string text = sample_text();
  for (const std::string& raw : {gzip(text), bzip2(text), zstd(text)}) {
    auto got = read_all(raw.substr(0, raw.size() / 2), 1000);
    REQUIRE_FALSE(got.is_ok());
    CHECK(got.status().message().find("mem.in") == 0);
    CHECK(got.status().message().find("truncated") != std::string::npos);
  }
  // Cut inside the trailer of the last member too.
  std::string g = gzip(text);
  CHECK_FALSE(read_all(g.substr(0, g.size() - 3), 1000).is_ok());
}

TEST_CASE("corrupt compressed data is an error naming the input and the format") {
  const std::string text = sample_text();
  std::string g = gzip(text);
  for (size_t i = 20; i < 60; ++i) g[i] = static_cast<char>(g[i] ^ 0x5a);
  auto got = read_all(g, 1000);
  REQUIRE_FALSE(got.is_ok());
  CHECK(got.status().message().find("mem.in: gzip data is corrupt") == 0);
  std::string z = zstd(text);
  for (size_t i = 8; i < z.size(); i += 3) z[i] = static_cast<char>(z[i] ^ 0xff);
  CHECK_FALSE(read_all(z, 1000).is_ok());
  std::string bz = "BZh9" + std::string(500, 'x');
  auto b = read_all(bz, 1000);
  REQUIRE_FALSE(b.is_ok());
  CHECK(b.status().message().find("bzip2 data is corrupt") != std::string::npos);
}

TEST_CASE("open_input: missing files and directories are one-line errors") {
  auto missing = open_input("/nonexistent/file.jsonl.gz");
  REQUIRE_FALSE(missing.is_ok());
  CHECK(missing.status().message() ==
        "cannot open /nonexistent/file.jsonl.gz: No such file or directory");
  auto dir = open_input("/");
  REQUIRE_FALSE(dir.is_ok());
  CHECK(dir.status().message().find("Is a directory") != std::string::npos);
}

TEST_CASE("open_input: raw size and position of a regular file") {
  std::string path = std::string(TWEETMAP_SOURCE_DIR) + "/tests/data/tweet-stream/v1.jsonl";
  auto src = open_input(path);
  REQUIRE(src.is_ok());
  CHECK((*src)->raw_size() > 1000);
  std::string buf(1 << 16, '\0');
  uint64_t total = 0;
  for (;;) {
    auto got = (*src)->read(buf.data(), buf.size());
    REQUIRE(got.is_ok());
    if (*got == 0) break;
    total += *got;
  }
  CHECK(total == (*src)->raw_size());
  CHECK((*src)->raw_bytes() == (*src)->raw_size());
  CHECK((*src)->compression() == Compression::kNone);
}
