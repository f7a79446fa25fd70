#include "x/line_splitter.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace tweetmap;

namespace {
// Feeds `input` in chunks of `chunk` bytes and collects lines ("<oversized>" for dropped ones).
std::vector<std::string> split(const std::string& input, size_t chunk, size_t max_line = 1 << 20,
                               std::string* partial = nullptr) {
  LineSplitter s(max_line);
  std::vector<std::string> out;
  auto drain = [&] {
    std::string_view line;
    for (;;) {
      auto k = s.next(line);
      if (k == LineSplitter::Next::kNone) break;
      out.push_back(k == LineSplitter::Next::kLine ? std::string(line) : "<oversized>");
    }
  };
  for (size_t i = 0; i < input.size(); i += chunk) {
    s.feed(std::string_view(input).substr(i, chunk));
    drain();
  }
  std::string_view rest;
  auto k = s.take_partial(rest);
  if (partial)
    *partial = k == LineSplitter::Next::kLine        ? std::string(rest)
               : k == LineSplitter::Next::kOversized ? "<oversized>"
                                                     : "";
  return out;
}
}  // namespace

TEST_CASE("line splitter: keep-alive CRLF, lines across chunks, every chunk size") {
  const std::string input = "{\"a\":1}\r\n\r\n{\"data\":{\"id\":\"2\"}}\r\n\r\n\r\n{\"b\":3}\r\n";
  const std::vector<std::string> want = {"{\"a\":1}", "", "{\"data\":{\"id\":\"2\"}}",
                                         "",          "", "{\"b\":3}"};
  for (size_t chunk = 1; chunk <= input.size(); ++chunk) {
    CAPTURE(chunk);
    std::string partial = "x";
    CHECK(split(input, chunk, 1 << 20, &partial) == want);
    CHECK(partial.empty());
  }
}

TEST_CASE("line splitter: a line cut off at the end is returned by take_partial") {
  std::string partial;
  auto lines = split("{\"a\":1}\r\n{\"data\":{\"id\"", 5, 1 << 20, &partial);
  CHECK(lines == std::vector<std::string>{"{\"a\":1}"});
  CHECK(partial == "{\"data\":{\"id\"");
}

TEST_CASE("line splitter: oversized lines are dropped whole, the stream goes on") {
  std::string big(5000, 'x');
  std::string input = "short\r\n" + big + "\r\nafter\r\n" + big + "\n" + "tail\r\n";
  for (size_t chunk : {1ul, 7ul, 100ul, 4096ul, 20000ul}) {
    CAPTURE(chunk);
    auto lines = split(input, chunk, 1000);
    CHECK(lines ==
          std::vector<std::string>{"short", "<oversized>", "after", "<oversized>", "tail"});
  }
  std::string partial;
  split("ok\n" + big, 64, 1000, &partial);
  CHECK(partial == "<oversized>");
}

TEST_CASE("line splitter: lines are padded so they can be parsed in place") {
  LineSplitter s(1 << 20);
  std::string line_text(1000, 'y');
  s.feed(line_text + "\n");
  std::string_view line;
  REQUIRE(s.next(line) == LineSplitter::Next::kLine);
  CHECK(line == line_text);
  // Reading the padding must be valid memory (ASan would complain otherwise).
  volatile char sum = 0;
  for (size_t i = 0; i < LineSplitter::kPadding; ++i) sum = sum + line.data()[line.size() + i];
  (void)sum;
  CHECK(s.line_number() == 1);
}
