#include "core/line_io.hpp"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/mapped_file.hpp"
#include "core/signals.hpp"
#include "source/compressed_source.hpp"
#include "string_source.hpp"
#include "temp_file.hpp"

using namespace tweetmap;

using testing::StringSource;
using testing::TempFile;

namespace {

// How the input reaches the LineReader: a string in small reads, a file through read(2), or a
// file through a memory mapping (open_input, as replay opens it). Every case runs through each.
enum class Via { kSmallReads, kReadFile, kMapped };
constexpr Via kVias[] = {Via::kSmallReads, Via::kReadFile, Via::kMapped};
const char* via_name(Via v) {
  return v == Via::kSmallReads ? "small reads" : v == Via::kReadFile ? "read(2)" : "mapped";
}

struct Input {
  TempFile file;
  std::unique_ptr<LineReader> reader;
  Input(const std::string& data, Via via, size_t max_line = LineReader::kDefaultMaxLine,
        size_t chunk = 3)
      : file(data) {
    std::unique_ptr<ByteSource> src;
    if (via == Via::kSmallReads) {
      src = std::make_unique<StringSource>(data, chunk);
    } else if (via == Via::kReadFile) {
      src = std::move(open_file_source(file.path())).value();
    } else {
      src = std::move(open_input(file.path())).value();
      REQUIRE(src->mapped_file() != nullptr);
    }
    reader = std::make_unique<LineReader>(std::move(src), max_line);
  }
};

size_t page_size() { return static_cast<size_t>(::sysconf(_SC_PAGESIZE)); }

// Every line up to the end, each checked for the padding after it (a read past the mapping would
// crash the test).
std::vector<std::string> all_lines(LineReader& r) {
  std::vector<std::string> out;
  std::string_view l;
  for (LineReader::Next n; (n = r.next(l)) != LineReader::Next::kEnd;) {
    REQUIRE(n == LineReader::Next::kLine);
    if (MappedFile* m = r.source().mapped_file();
        m != nullptr && l.data() >= m->begin() && l.data() < m->readable_end()) {
      // In place in the mapping: the padding is in it too.
      CHECK(m->readable_end() - (l.data() + l.size()) >=
            static_cast<ptrdiff_t>(LineReader::kLinePadding));
    }
    volatile char sink = 0;
    for (size_t i = 0; i < LineReader::kLinePadding; ++i) sink = sink ^ l.data()[l.size() + i];
    out.emplace_back(l);
  }
  return out;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < s.size()) {
    size_t nl = s.find('\n', at);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("line reader: CRLF, blank lines, last line without newline, small chunks") {
  for (Via via : kVias) {
    CAPTURE(via_name(via));
    Input in("a\r\n\nbb\nlast", via);
    LineReader& r = *in.reader;
    std::string_view l;
    REQUIRE(r.next(l) == LineReader::Next::kLine);
    CHECK(l == "a");
    REQUIRE(r.next(l) == LineReader::Next::kLine);
    CHECK(l == "");
    REQUIRE(r.next(l) == LineReader::Next::kLine);
    CHECK(l == "bb");
    REQUIRE(r.next(l) == LineReader::Next::kLine);
    CHECK(l == "last");
    CHECK(r.line_number() == 4);
    CHECK(r.next(l) == LineReader::Next::kEnd);
    CHECK(r.bytes_read() == 11);
  }
}

TEST_CASE("line reader: oversized lines are skipped and the stream goes on") {
  std::string big(100, 'x');
  for (Via via : kVias) {
    CAPTURE(via_name(via));
    Input in("ok\n" + big + "\nnext\n" + big, via, 50, 7);
    LineReader& r = *in.reader;
    std::string_view l;
    REQUIRE(r.next(l) == LineReader::Next::kLine);
    CHECK(r.next(l) == LineReader::Next::kOversized);
    CHECK(r.line_number() == 2);
    REQUIRE(r.next(l) == LineReader::Next::kLine);
    CHECK(l == "next");
    CHECK(r.next(l) == LineReader::Next::kOversized);
    CHECK(r.line_number() == 4);
    CHECK(r.next(l) == LineReader::Next::kEnd);
  }
}

TEST_CASE("line reader: a byte order mark is dropped at the start only") {
  for (Via via : kVias) {
    CAPTURE(via_name(via));
    Input in("\xEF\xBB\xBF{\"a\":1}\n\xEF\xBB\xBFx\n", via);
    CHECK(all_lines(*in.reader) == std::vector<std::string>{"{\"a\":1}", "\xEF\xBB\xBFx"});
  }
}

TEST_CASE("line reader: an empty input has no lines") {
  for (Via via : kVias) {
    CAPTURE(via_name(via));
    Input in("", via);
    std::string_view l;
    CHECK(in.reader->next(l) == LineReader::Next::kEnd);
    CHECK(in.reader->line_number() == 0);
    CHECK(in.reader->bytes_read() == 0);
  }
}

TEST_CASE("line reader: lines at the ends of pages keep their padding") {
  const size_t page = page_size();
  std::vector<std::string> inputs;
  // Exactly 3 pages, with a final newline (it is the last byte of the last page) and without.
  std::string lines;
  while (lines.size() < 3 * page) lines += std::string(lines.size() % 97, 'a') + "\n";
  lines.resize(3 * page);
  lines.back() = '\n';
  inputs.push_back(lines);
  lines.back() = 'z';
  inputs.push_back(lines);
  // A line ending exactly at the end of the first page, then more lines.
  inputs.push_back(std::string(page - 1, 'b') + "\n" + "after\nlast\n");
  // The newline is the first byte of a page.
  inputs.push_back(std::string(page, 'c') + "\nx\n");
  for (const std::string& data : inputs) {
    for (Via via : kVias) {
      CAPTURE(via_name(via));
      CAPTURE(data.size());
      Input in(data, via);
      CHECK(all_lines(*in.reader) == split(data));
      CHECK(in.reader->bytes_read() == data.size());
    }
  }
}

TEST_CASE("line reader: a long input reads the same through read(2) and a mapping") {
  // Lines of many lengths, one longer than the first buffer, one over the line limit, CRLF.
  std::string data;
  for (size_t i = 0; data.size() < (3u << 20); ++i) {
    data += std::string((i * 7919) % 5000, static_cast<char>('a' + i % 26));
    data += i % 13 == 0 ? "\r\n" : "\n";
    if (i == 100) data += std::string(300 << 10, 'L') + "\n";
    if (i == 200) data += std::string(1 << 20, 'O') + "\n";
  }
  data += "tail without newline";
  struct Seen {
    std::vector<std::string> lines;
    std::vector<uint64_t> oversized;
    std::vector<bool> buffered;  // has_buffered_line() before each next(): when output is flushed
    uint64_t bytes = 0;
  };
  auto read = [&](Via via) {
    Input in(data, via, 512 << 10);
    Seen s;
    std::string_view l;
    for (;;) {
      s.buffered.push_back(in.reader->has_buffered_line());
      LineReader::Next n = in.reader->next(l);
      if (n == LineReader::Next::kEnd) break;
      REQUIRE(n != LineReader::Next::kError);
      if (n == LineReader::Next::kOversized)
        s.oversized.push_back(in.reader->line_number());
      else
        s.lines.emplace_back(l);
    }
    s.bytes = in.reader->bytes_read();
    return s;
  };
  Seen fd = read(Via::kReadFile);
  Seen mapped = read(Via::kMapped);
  CHECK(fd.lines.size() > 500);
  CHECK(fd.oversized == std::vector<uint64_t>{203});
  CHECK(mapped.lines == fd.lines);
  CHECK(mapped.oversized == fd.oversized);
  CHECK(mapped.buffered == fd.buffered);
  CHECK(mapped.bytes == fd.bytes);
  CHECK(fd.bytes == data.size());
}

TEST_CASE("line reader: a stop request ends the input where read(2) would have") {
  // In a child process: the stop flag cannot be cleared.
  std::string data;
  for (int i = 0; data.size() < (1u << 20); ++i) data += "line " + std::to_string(i) + "\n";
  TempFile file(data);
  auto lines_after_stop = [&](Via via) -> int {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    pid_t pid = ::fork();
    if (pid == 0) {
      std::unique_ptr<ByteSource> src;
      if (via == Via::kReadFile)
        src = std::move(open_file_source(file.path())).value();
      else
        src = std::move(open_input(file.path())).value();
      LineReader r(std::move(src));
      std::string_view l;
      int n = 0;
      for (int i = 0; i < 1000; ++i) (void)r.next(l);
      request_stop();
      while (r.next(l) == LineReader::Next::kLine) ++n;
      ::_exit(::write(fds[1], &n, sizeof n) == sizeof n ? 0 : 1);
    }
    ::close(fds[1]);
    int n = -1;
    if (::read(fds[0], &n, sizeof n) != sizeof n) n = -1;
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    return n;
  };
  int fd = lines_after_stop(Via::kReadFile);
  CHECK(fd > 0);  // the lines already in the buffer
  CHECK(lines_after_stop(Via::kMapped) == fd);
}
