#include "kafka/key.hpp"

#include <doctest/doctest.h>

using namespace tweetmap;
using Outcome = KeyExtractor::Outcome;

namespace {
struct Split {
  Outcome outcome;
  bool has_key;
  std::string key, value;
};
Split split(KeyExtractor& k, std::string_view line) {
  std::string_view key, value;
  bool has = false;
  Outcome o = k.split(line, false, key, has, value);
  return {o, has, std::string(key), std::string(value)};
}
}  // namespace

TEST_CASE("key: none and fixed") {
  KeyExtractor none({KeySpec::Mode::kNone, ""});
  auto s = split(none, "hello");
  CHECK(s.outcome == Outcome::kOk);
  CHECK_FALSE(s.has_key);
  CHECK(s.value == "hello");
  KeyExtractor fixed({KeySpec::Mode::kFixed, "k1"});
  s = split(fixed, "hello");
  CHECK(s.has_key);
  CHECK(s.key == "k1");
  CHECK(s.value == "hello");
}

TEST_CASE("key: -K delimiter splits at the first occurrence") {
  KeyExtractor k({KeySpec::Mode::kDelimiter, "::"});
  auto s = split(k, "a::b::c");
  CHECK(s.outcome == Outcome::kOk);
  CHECK(s.key == "a");
  CHECK(s.value == "b::c");
  s = split(k, "::v");
  CHECK(s.has_key);
  CHECK(s.key.empty());
  CHECK(split(k, "no delimiter").outcome == Outcome::kMissingKey);
}

TEST_CASE("key: --key-field takes a top-level JSON field") {
  KeyExtractor k({KeySpec::Mode::kField, "id"});
  auto s = split(k, R"({"text":"x","id":"664239896698208256","n":1})");
  CHECK(s.outcome == Outcome::kOk);
  CHECK(s.key == "664239896698208256");
  CHECK(s.value == R"({"text":"x","id":"664239896698208256","n":1})");
  // Numbers keep their exact token (no double rounding), strings are unescaped.
  CHECK(split(k, R"({"id":664239896698208256})").key == "664239896698208256");
  CHECK(split(k, R"({"id" : 12 , "x":1})").key == "12");
  CHECK(split(k, R"({"id":"a\"b\u00e9"})").key == "a\"b\xc3\xa9");
  // Nested fields of the same name do not count.
  CHECK(split(k, R"({"user":{"id":"inner"}})").outcome == Outcome::kMissingKey);
  CHECK(split(k, R"({"id":null})").outcome == Outcome::kMissingKey);
  CHECK(split(k, R"({"id":[1]})").outcome == Outcome::kMissingKey);
  CHECK(split(k, R"([1,2])").outcome == Outcome::kMalformed);
  CHECK(split(k, "not json").outcome == Outcome::kMalformed);
}

TEST_CASE("key: delimiter escapes") {
  CHECK(unescape_delimiter("\\t").value() == "\t");
  CHECK(unescape_delimiter("\\x1f").value() == "\x1f");
  CHECK(unescape_delimiter("::").value() == "::");
  CHECK(unescape_delimiter("\\\\").value() == "\\");
  CHECK_FALSE(unescape_delimiter("").is_ok());
  CHECK_FALSE(unescape_delimiter("\\xZZ").is_ok());
}
