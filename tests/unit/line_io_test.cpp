#include "core/line_io.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>

#include "string_source.hpp"

using namespace tweetmap;

using testing::StringSource;

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
