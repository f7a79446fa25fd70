#include "kafka/line_chunks.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "string_source.hpp"

using namespace tweetmap;
using testing::StringSource;

namespace {

struct Held {
  std::string_view line;
  LineChunk* chunk;
};

}  // namespace

TEST_CASE("chunked lines: CRLF, blank lines, last line without newline, small reads") {
  LineChunkPool pool;
  ChunkedLineReader r(pool, std::make_unique<StringSource>("a\r\n\nbb\nlast", 3));
  std::string_view l;
  LineChunk* c = nullptr;
  std::vector<std::string> got;
  while (r.next(l, c) == ChunkedLineReader::Next::kLine) got.emplace_back(l);
  CHECK(got == std::vector<std::string>{"a", "", "bb", "last"});
  CHECK(r.line_number() == 4);
  CHECK(r.status().is_ok());
}

TEST_CASE("chunked lines: a retained line survives the reader moving past its chunk") {
  // Enough input for several chunks, with lines crossing chunk boundaries.
  std::string input;
  std::vector<std::string> want;
  for (int i = 0; want.size() < 250000; ++i) {
    want.push_back(std::to_string(i) + std::string(static_cast<size_t>(i % 97), 'x'));
    input += want.back() + "\n";
  }
  REQUIRE(input.size() > (size_t{12} << 20));
  LineChunkPool pool;
  std::vector<Held> held;
  {
    ChunkedLineReader r(pool, std::make_unique<StringSource>(input, 65536 + 17), 1000);
    std::string_view l;
    LineChunk* c = nullptr;
    while (r.next(l, c) == ChunkedLineReader::Next::kLine) {
      retain(c);
      held.push_back({l, c});
    }
    CHECK(pool.live() >= 3);
  }
  REQUIRE(held.size() == want.size());
  for (size_t i = 0; i < held.size(); ++i) REQUIRE(held[i].line == want[i]);
  // Releasing every line frees every chunk.
  for (auto& h : held) release(h.chunk);
  CHECK(pool.live() == 0);
}

TEST_CASE("chunked lines: a released chunk is freed once the reader has left it") {
  std::string input;
  for (int i = 0; i < 3; ++i) input.append(3000000, 'y').push_back('\n');
  LineChunkPool pool;
  ChunkedLineReader r(pool, std::make_unique<StringSource>(input, 1 << 20), 4000000);
  std::string_view l;
  LineChunk* c = nullptr;
  REQUIRE(r.next(l, c) == ChunkedLineReader::Next::kLine);
  retain(c);
  LineChunk* first = c;
  REQUIRE(r.next(l, c) == ChunkedLineReader::Next::kLine);
  REQUIRE(r.next(l, c) == ChunkedLineReader::Next::kLine);
  CHECK(l.size() == 3000000);
  REQUIRE(c != first);  // 9 MB of lines do not fit one 8 MB chunk
  size_t before = pool.live();
  release(first);
  CHECK(pool.live() == before - 1);
  CHECK(r.next(l, c) == ChunkedLineReader::Next::kEnd);
}

TEST_CASE("chunked lines: oversized lines are skipped whole, the stream goes on") {
  std::string big(5000, 'z');
  LineChunkPool pool;
  ChunkedLineReader r(pool, std::make_unique<StringSource>("ok\n" + big + "\nnext\n" + big, 700),
                      100);
  std::string_view l;
  LineChunk* c = nullptr;
  REQUIRE(r.next(l, c) == ChunkedLineReader::Next::kLine);
  CHECK(l == "ok");
  CHECK(r.next(l, c) == ChunkedLineReader::Next::kOversized);
  CHECK(r.line_number() == 2);
  REQUIRE(r.next(l, c) == ChunkedLineReader::Next::kLine);
  CHECK(l == "next");
  CHECK(r.next(l, c) == ChunkedLineReader::Next::kOversized);
  CHECK(r.line_number() == 4);
  CHECK(r.next(l, c) == ChunkedLineReader::Next::kEnd);
}

TEST_CASE("chunked lines: every line is followed by padding inside its chunk") {
  LineChunkPool pool;
  ChunkedLineReader r(pool, std::make_unique<StringSource>("{\"id\":\"1\"}", 4));
  std::string_view l;
  LineChunk* c = nullptr;
  REQUIRE(r.next(l, c) == ChunkedLineReader::Next::kLine);
  CHECK(l == "{\"id\":\"1\"}");
  for (size_t i = 0; i < LineReader::kLinePadding; ++i) CHECK(l.data()[l.size() + i] == '\0');
}

TEST_CASE("chunked lines: the pool frees chunks still retained when it goes") {
  auto pool = std::make_unique<LineChunkPool>();
  {
    ChunkedLineReader r(*pool, std::make_unique<StringSource>("a\nb\n", 100));
    std::string_view l;
    LineChunk* c = nullptr;
    REQUIRE(r.next(l, c) == ChunkedLineReader::Next::kLine);
    retain(c);  // never released: an undelivered message at exit
  }
  CHECK(pool->live() == 1);
  pool.reset();  // ASan reports a leak if this does not free it
}

TEST_CASE("chunk pool: released chunks are kept as spares and reused, up to the limit") {
  LineChunkPool pool(1);
  LineChunk* a = pool.allocate(1000);
  LineChunk* b = pool.allocate(1000);
  CHECK(pool.live() == 2);
  release(a);
  release(b);  // over the limit of one spare: freed
  CHECK(pool.live() == 0);
  CHECK(pool.spares() == 1);
  LineChunk* c = pool.allocate(1000);
  CHECK(c == a);  // the spare, not fresh memory
  CHECK(pool.spares() == 0);
  CHECK(pool.live() == 1);
  retain(c);
  release(c);
  CHECK(pool.live() == 1);             // a reused chunk starts with one reference, like a new one
  LineChunk* d = pool.allocate(2000);  // another size: no spare fits
  CHECK(pool.live() == 2);
  release(c);
  release(d);
  CHECK(pool.spares() == 1);
}
