#include "core/mapped_file.hpp"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "source/compressed_source.hpp"
#include "temp_file.hpp"

using namespace tweetmap;

using testing::TempFile;

namespace {

size_t page_size() { return static_cast<size_t>(::sysconf(_SC_PAGESIZE)); }

std::unique_ptr<LineReader> mapped_reader(const TempFile& f) {
  auto src = open_input(f.path());
  REQUIRE(src.is_ok());
  REQUIRE((*src)->mapped_file() != nullptr);
  return std::make_unique<LineReader>(std::move(src).value());
}

// `lines` lines of `width` bytes (with their newline), numbered.
std::string numbered(size_t lines, size_t width) {
  std::string s;
  for (size_t i = 0; i < lines; ++i) {
    std::string n = std::to_string(i);
    s += n + std::string(width - 1 - n.size(), '.') + "\n";
  }
  return s;
}

// How a child process ended: its exit status, or 1000 + the signal that killed it.
template <typename F>
int in_child(F&& f) {
  pid_t pid = ::fork();
  if (pid == 0) {
    f();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFSIGNALED(status) ? 1000 + WTERMSIG(status) : WEXITSTATUS(status);
}

// Under ASan its own handler takes SIGSEGV and SIGBUS first and reports every fault (a report
// fails the asan run): the two cases that check a fault's default action run without it only.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitizerHandlesFaults = true;
#else
constexpr bool kSanitizerHandlesFaults = false;
#endif

uint64_t rss_file_kb() {
  std::ifstream in("/proc/self/status");
  std::string key;
  while (in >> key) {
    if (key == "RssFile:") {
      uint64_t kb = 0;
      in >> kb;
      return kb;
    }
  }
  return 0;
}

}  // namespace

TEST_CASE("mapped file: only plain regular files are mapped") {
  TempFile plain("a\n");
  auto p = open_input(plain.path());
  REQUIRE(p.is_ok());
  CHECK((*p)->mapped_file() != nullptr);
  TempFile gz(std::string("\x1f\x8b\x08\x00", 4));
  auto g = open_input(gz.path());
  REQUIRE(g.is_ok());
  CHECK((*g)->mapped_file() == nullptr);
}

TEST_CASE("mapped file: what is appended while it is read is read too") {
  const size_t page = page_size();
  // The end of the mapping mid-page and mid-line; then at a page boundary.
  for (size_t size : {page + 100, 2 * page}) {
    CAPTURE(size);
    std::string data = numbered(size / 10 - 1, 10);
    data += std::string(size - data.size(), 'p');  // a partial line
    TempFile f(data);
    auto r = mapped_reader(f);
    std::string_view l;
    REQUIRE(r->next(l) == LineReader::Next::kLine);
    CHECK(l == "0........");
    REQUIRE(f.append("artial\nappended\n"));
    std::vector<std::string> got;
    while (r->next(l) == LineReader::Next::kLine) got.emplace_back(l);
    REQUIRE(got.size() >= 2);
    CHECK(got[got.size() - 2].ends_with("partial"));
    CHECK(got.back() == "appended");
    CHECK(r->line_number() == size / 10 + 1);
    CHECK(r->bytes_read() == size + 16);
  }
}

TEST_CASE("mapped file: a file truncated while read is an error, not SIGBUS") {
  const size_t page = page_size();
  // Lines of 64 bytes, so that one ends at every page boundary.
  TempFile f(numbered(16 * page / 64, 64));
  std::string_view l;
  SUBCASE("at a page boundary: the lines before it, then the error") {
    auto r = mapped_reader(f);
    REQUIRE(r->next(l) == LineReader::Next::kLine);
    REQUIRE(f.truncate(static_cast<off_t>(4 * page)));
    int lines = 1;
    LineReader::Next n;
    while ((n = r->next(l)) == LineReader::Next::kLine) ++lines;
    CHECK(n == LineReader::Next::kError);
    CHECK(lines == static_cast<int>(4 * page / 64));
    CHECK(r->status().message() == f.path() + ": file shrank while being read");
  }
  SUBCASE("to nothing") {
    auto r = mapped_reader(f);
    REQUIRE(r->next(l) == LineReader::Next::kLine);
    REQUIRE(f.truncate(0));
    LineReader::Next n;
    while ((n = r->next(l)) == LineReader::Next::kLine) {
    }
    CHECK(n == LineReader::Next::kError);
    CHECK(r->status().message().ends_with(": file shrank while being read"));
  }
  SUBCASE("within the last page (no page vanishes): the error at the end of the mapping") {
    TempFile g(numbered(page / 64, 64) + "tail\n");
    auto r = mapped_reader(g);
    REQUIRE(r->next(l) == LineReader::Next::kLine);
    REQUIRE(g.truncate(static_cast<off_t>(page + 2)));
    LineReader::Next n;
    while ((n = r->next(l)) == LineReader::Next::kLine) {
    }
    CHECK(n == LineReader::Next::kError);
    CHECK(r->status().message().ends_with(": file shrank while being read"));
  }
}

TEST_CASE("mapped file: the mapping is read-only" * doctest::skip(kSanitizerHandlesFaults)) {
  TempFile f("abc\n");
  auto src = open_input(f.path());
  REQUIRE(src.is_ok());
  MappedFile* m = (*src)->mapped_file();
  REQUIRE(m != nullptr);
  CHECK(in_child([&] { *const_cast<volatile char*>(m->pos()) = 'x'; }) == 1000 + SIGSEGV);
}

TEST_CASE("mapped file: a SIGBUS elsewhere keeps its default action" *
          doctest::skip(kSanitizerHandlesFaults)) {
  TempFile mapped("abc\n");
  auto src = open_input(mapped.path());  // installs the handler
  REQUIRE(src.is_ok());
  REQUIRE((*src)->mapped_file() != nullptr);
  CHECK(in_child([] { ::raise(SIGBUS); }) == 1000 + SIGBUS);
  // A mapping of its own, truncated: the access is fatal as it would be without the handler.
  TempFile other(std::string(3 * page_size(), 'x'));
  CHECK(in_child([&] {
          int fd = ::open(other.path().c_str(), O_RDONLY);
          auto* p = static_cast<volatile char*>(
              ::mmap(nullptr, 3 * page_size(), PROT_READ, MAP_PRIVATE, fd, 0));
          if (p == MAP_FAILED || !other.truncate(0)) ::_exit(2);
          (void)p[2 * page_size()];
        }) == 1000 + SIGBUS);
}

TEST_CASE("mapped file: pages read are dropped, the resident memory stays small") {
  TempFile f(numbered((64u << 20) / 128, 128));
  auto r = mapped_reader(f);
  uint64_t before = rss_file_kb();
  uint64_t peak = 0;
  std::string_view l;
  uint64_t lines = 0;
  while (r->next(l) == LineReader::Next::kLine) {
    if (++lines % 4096 == 0) peak = std::max(peak, rss_file_kb());
  }
  CHECK(lines == (64u << 20) / 128);
  CHECK(peak > 0);
  CHECK(peak - std::min(peak, before) < 16 * 1024);  // under 16 MiB of a 64 MiB file
}
