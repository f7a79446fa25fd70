// core/padded_parse: in place when the caller has the padding, else through a reused copy.
#include "core/padded_parse.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace tweetmap;

namespace {

// The value of the "a" field of the document `line` gives, or -1 on any error.
int64_t field_a(simdjson::ondemand::parser& parser, simdjson::padded_string& scratch,
                std::string_view line, bool padded) {
  simdjson::ondemand::document doc;
  if (iterate_padded(parser, scratch, line, padded).get(doc)) return -1;
  int64_t a = 0;
  if (doc["a"].get_int64().get(a)) return -1;
  return a;
}

}  // namespace

TEST_CASE("padded parse: a padded line is parsed in place, the scratch buffer untouched") {
  simdjson::ondemand::parser parser;
  simdjson::padded_string scratch;
  std::string storage = R"({"a":7})" + std::string(simdjson::SIMDJSON_PADDING, ' ');
  std::string_view line(storage.data(), 7);
  CHECK(field_a(parser, scratch, line, true) == 7);
  CHECK(scratch.size() == 0);
}

TEST_CASE("padded parse: an unpadded line is copied, the copy is reused while it fits") {
  simdjson::ondemand::parser parser;
  simdjson::padded_string scratch;
  // Only the bytes of the view count, not what follows it in memory.
  std::string storage = R"({"a":12}{"a":3})";
  CHECK(field_a(parser, scratch, std::string_view(storage.data(), 8), false) == 12);
  REQUIRE(scratch.size() >= 8);
  const char* first = scratch.data();
  CHECK(field_a(parser, scratch, R"({"a":5})", false) == 5);
  CHECK(scratch.data() == first);
  std::string longer = R"({"a":9,"pad":")" + std::string(200, 'x') + "\"}";
  CHECK(field_a(parser, scratch, longer, false) == 9);
  CHECK(scratch.size() >= longer.size());
}

TEST_CASE("padded parse: simdjson's errors come back") {
  simdjson::ondemand::parser parser;
  simdjson::padded_string scratch;
  CHECK(field_a(parser, scratch, R"({"a":)", false) == -1);
  CHECK(field_a(parser, scratch, "", false) == -1);
  CHECK(field_a(parser, scratch, R"({"a":1})", false) == 1);
}
