// Helpers shared by the libFuzzer targets: property checks that abort (so libFuzzer records the
// input as a crash) and a strict validator for the JSON lines the tools write.
#pragma once

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace tweetmap::fuzz {

/// Aborts with `what` when `cond` is false: a broken property is a crash for libFuzzer.
inline void check(bool cond, const char* what) {
  if (!cond) {
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
  }
}

/// Checks that `line` is exactly one compact JSON object followed by one '\n': valid UTF-8,
/// valid JSON (every byte of it, not only the fields a reader asks for), no raw newline inside.
inline void check_json_line(std::string_view line, const char* what) {
  check(!line.empty() && line.back() == '\n', what);
  std::string_view body = line.substr(0, line.size() - 1);
  check(body.find('\n') == std::string_view::npos, what);
  check(body.find('\r') == std::string_view::npos, what);
  check(simdjson::validate_utf8(body.data(), body.size()), what);
  static simdjson::dom::parser parser;
  simdjson::dom::element doc;
  check(parser.parse(body.data(), body.size(), true).get(doc) == simdjson::SUCCESS, what);
  check(doc.is_object(), what);
}

}  // namespace tweetmap::fuzz
