// A regular file read through a read-only memory mapping, so that its lines can be parsed where
// they lie instead of being copied in by read(2).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/line_io.hpp"

namespace tweetmap {

/// The bytes of a regular file as it was when mapped (`size` bytes, PROT_READ: nothing may write
/// into them), read in place through pos()/advance() or copied out by read(). read() goes on with
/// read(2) where the mapping ends, so what was appended to the file meanwhile is read as read(2)
/// alone would have read it.
///
/// A file that shrinks while mapped would make reading the vanished part raise SIGBUS. A handler
/// (installed with the first mapping) maps zero pages over the rest of the mapping instead and
/// remembers where: intact_before() tells whether bytes up to a point are the file's, read()
/// fails with shrank_error() ("FILE: file shrank while being read"), as it does at the end of the
/// mapping when the file is then shorter than it was. A SIGBUS outside every mapping keeps its
/// default action. Pages already read are dropped from the process (release_before()), so the
/// resident memory stays small whatever the file's size. Reading is single-threaded; the mapped
/// bytes may be read from any thread while the object lives.
class MappedFile : public ByteSource {
 public:
  /// Maps the first `size` bytes of `file` (a regular file; `size` may be 0), taking `file`.
  /// Error (`file` left as it was): it could not be mapped.
  static Result<std::unique_ptr<MappedFile>> map(std::unique_ptr<FdSource>& file, uint64_t size);
  ~MappedFile() override;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  /// The first mapped byte.
  const char* begin() const { return base_; }
  /// The next unread byte; bytes from here to end() are in place.
  const char* pos() const { return base_ + pos_; }
  /// The end of the mapped bytes (the file's size when mapped).
  const char* end() const { return base_ + size_; }
  /// The end of the mapping's last page: bytes before it can be read (past end() they are zeros,
  /// or what was appended since), for the padding a parser reads after a line.
  const char* readable_end() const { return base_ + readable_; }
  /// Consumes the bytes before `to` (pos() <= to <= end()) as a read() of them would.
  void advance(const char* to) { pos_ = static_cast<size_t>(to - base_); }
  /// Bytes consumed in place (by advance()).
  uint64_t advanced() const { return pos_ - copied_; }
  /// The caller holds no view of mapped bytes before `p` any more: their pages may be dropped.
  void release_before(const char* p) {
    if (static_cast<size_t>(p - base_) >= released_ + kReleaseEvery) release(p);
  }
  /// True when the mapped bytes before `p` are the file's (none of them vanished).
  bool intact_before(const char* p) const {
    return static_cast<uintptr_t>(p - base_) <= fault_->load(std::memory_order_acquire);
  }
  /// "FILE: file shrank while being read".
  Status shrank_error() const;

  Result<size_t> read(char* buf, size_t n) override;
  std::string name() const override { return file_->name(); }
  MappedFile* mapped_file() override { return this; }

 private:
  MappedFile(std::unique_ptr<FdSource> file, char* base, size_t size, size_t mapped);
  void release(const char* p);
  Result<size_t> read_past_end(char* buf, size_t n);

  static constexpr size_t kReleaseEvery = 4 << 20;
  std::unique_ptr<FdSource> file_;
  char* base_;
  size_t size_;
  size_t readable_;  // size_ rounded up to whole pages (the length mapped)
  size_t pos_ = 0;
  size_t copied_ = 0;    // bytes consumed by read() from the mapping
  size_t released_ = 0;  // pages before this offset were dropped
  bool past_end_ = false;
  // Offset of the first page that vanished (SIZE_MAX: none), set by the SIGBUS handler.
  std::atomic<uintptr_t>* fault_;
};

}  // namespace tweetmap
