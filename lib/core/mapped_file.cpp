#include "core/mapped_file.hpp"

#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

#include <fmt/format.h>

namespace tweetmap {
namespace {

constexpr uintptr_t kNoFault = UINTPTR_MAX;

// The live mappings, for the SIGBUS handler: lock-free, a fixed number of slots (a full table
// only means the next file is read with read(2)).
struct Slot {
  std::atomic<uintptr_t> begin{0}, end{0};
  std::atomic<uintptr_t> fault{kNoFault};  // offset of the first page that vanished
};
constexpr size_t kSlots = 16;
Slot g_slots[kSlots];
std::atomic<bool> g_slot_used[kSlots];
std::atomic<uintptr_t> g_unmapped_fault{kNoFault};  // for an empty file: nothing mapped
uintptr_t g_page = 4096;
struct sigaction g_previous {};

void on_sigbus(int sig, siginfo_t* info, void* context) {
  auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
  if (info->si_code > 0) {  // raised by the kernel for an access, not sent by kill(2)
    for (Slot& s : g_slots) {
      uintptr_t b = s.begin.load(std::memory_order_acquire);
      uintptr_t e = s.end.load(std::memory_order_acquire);
      if (b == 0 || addr < b || addr >= e) continue;
      // The file shrank under the mapping: zeros from this page on, and remember where.
      uintptr_t page = addr & ~(g_page - 1);
      void* z = ::mmap(reinterpret_cast<void*>(page), e - page, PROT_READ,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
      if (z == MAP_FAILED) break;
      uintptr_t off = page - b;
      uintptr_t seen = s.fault.load(std::memory_order_relaxed);
      while (off < seen && !s.fault.compare_exchange_weak(seen, off, std::memory_order_acq_rel)) {
      }
      return;  // the access is retried and reads zeros
    }
  }
  // Not a mapped file's: what would have happened without this handler.
  if ((g_previous.sa_flags & SA_SIGINFO) != 0 && g_previous.sa_sigaction != nullptr) {
    g_previous.sa_sigaction(sig, info, context);
    return;
  }
  if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
    g_previous.sa_handler(sig);
    return;
  }
  ::signal(SIGBUS, SIG_DFL);
  if (info->si_code <= 0) ::raise(SIGBUS);  // else the access faults again, now fatally
}

void install_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
    struct sigaction sa {};
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGBUS, &sa, &g_previous);
  });
}

Slot* take_slot(uintptr_t begin, uintptr_t end) {
  for (size_t i = 0; i < kSlots; ++i) {
    bool used = false;
    if (!g_slot_used[i].compare_exchange_strong(used, true)) continue;
    Slot& s = g_slots[i];
    s.fault.store(kNoFault, std::memory_order_relaxed);
    s.end.store(end, std::memory_order_release);
    s.begin.store(begin, std::memory_order_release);
    return &s;
  }
  return nullptr;
}

}  // namespace

Result<std::unique_ptr<MappedFile>> MappedFile::map(std::unique_ptr<FdSource>& file,
                                                    uint64_t size) {
  install_handler();
  if (size == 0) {
    return std::unique_ptr<MappedFile>(new MappedFile(std::move(file), nullptr, 0, 0));
  }
  size_t mapped = (static_cast<size_t>(size) + g_page - 1) & ~(g_page - 1);
  void* p = ::mmap(nullptr, mapped, PROT_READ, MAP_PRIVATE, file->fd(), 0);
  if (p == MAP_FAILED)
    return io_error(fmt::format("{}: cannot map: {}", file->name(), std::strerror(errno)));
  auto b = reinterpret_cast<uintptr_t>(p);
  Slot* slot = take_slot(b, b + mapped);
  if (slot == nullptr) {
    ::munmap(p, mapped);
    return io_error(fmt::format("{}: cannot map: too many files mapped", file->name()));
  }
  (void)::madvise(p, mapped, MADV_SEQUENTIAL);  // a hint: read ahead, front to back
  auto* m =
      new MappedFile(std::move(file), static_cast<char*>(p), static_cast<size_t>(size), mapped);
  m->fault_ = &slot->fault;
  return std::unique_ptr<MappedFile>(m);
}

MappedFile::MappedFile(std::unique_ptr<FdSource> file, char* base, size_t size, size_t mapped)
    : file_(std::move(file)),
      base_(base),
      size_(size),
      readable_(mapped),
      fault_(&g_unmapped_fault) {}

MappedFile::~MappedFile() {
  if (base_ == nullptr) return;
  for (size_t i = 0; i < kSlots; ++i) {
    if (&g_slots[i].fault != fault_) continue;
    g_slots[i].begin.store(0, std::memory_order_release);
    g_slots[i].end.store(0, std::memory_order_release);
    g_slot_used[i].store(false);
  }
  ::munmap(base_, readable_);
}

Status MappedFile::shrank_error() const {
  return io_error(fmt::format("{}: file shrank while being read", name()));
}

void MappedFile::release(const char* p) {
  size_t upto = static_cast<size_t>(p - base_) & ~(g_page - 1);
  if (upto <= released_) return;
  // The pages stay in the page cache; only this process's mapping of them goes.
  (void)::madvise(base_ + released_, upto - released_, MADV_DONTNEED);
  released_ = upto;
}

Result<size_t> MappedFile::read(char* buf, size_t n) {
  if (pos_ >= size_) return read_past_end(buf, n);
  size_t k = std::min(n, size_ - pos_);
  std::memcpy(buf, base_ + pos_, k);
  if (!intact_before(base_ + pos_ + k)) return shrank_error();
  pos_ += k;
  copied_ += k;
  release_before(base_ + pos_);
  return k;
}

Result<size_t> MappedFile::read_past_end(char* buf, size_t n) {
  if (!past_end_) {
    // What read(2) would give from here: bytes appended since the mapping was made. A file now
    // shorter than the mapping may have given zeros instead of its bytes.
    struct stat st {};
    if (::fstat(file_->fd(), &st) == 0 && static_cast<uint64_t>(st.st_size) < size_)
      return shrank_error();
    if (::lseek(file_->fd(), static_cast<off_t>(size_), SEEK_SET) < 0)
      return io_error(fmt::format("{}: seek failed: {}", name(), std::strerror(errno)));
    past_end_ = true;
  }
  return file_->read(buf, n);
}

}  // namespace tweetmap
