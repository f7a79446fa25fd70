#include "line_io.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>

using namespace tweetmap;

namespace {
// Serves a fixed string in small chunks, to exercise lines split across reads.
class StringSource : public ByteSource {
 public:
  StringSource(std::string data, size_t chunk) : data_(std::move(data)), chunk_(chunk) {}
  Result<size_t> read(char* buf, size_t n) override {
    size_t k = std::min<size_t>({n, chunk_, data_.size() - pos_});
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  std::string name() const override { return "test"; }

 private:
  std::string data_;
  size_t chunk_;
  size_t pos_ = 0;
};
}  // namespace

TEST_CASE("line reader: CRLF, blank lines, last line without newline, small chunks") {
  LineReader r(std::make_unique<StringSource>("a\r\n\nbb\nlast", 3));
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
}

TEST_CASE("line reader: oversized lines are skipped and the stream goes on") {
  std::string big(100, 'x');
  LineReader r(std::make_unique<StringSource>("ok\n" + big + "\nnext\n" + big, 7), 50);
  std::string_view l;
  REQUIRE(r.next(l) == LineReader::Next::kLine);
  CHECK(r.next(l) == LineReader::Next::kOversized);
  CHECK(r.line_number() == 2);
  REQUIRE(r.next(l) == LineReader::Next::kLine);
  CHECK(l == "next");
  CHECK(r.next(l) == LineReader::Next::kOversized);
  CHECK(r.next(l) == LineReader::Next::kEnd);
}
