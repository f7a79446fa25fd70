// JSON strings read with the one rule of docs/RECORD.md (Text): an unpaired UTF-16 surrogate
// escape ("\ud83d" alone, a post cut in the middle of an emoji) becomes U+FFFD instead of failing
// the line. Used by every reader of records and payloads.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

namespace tweetmap {

/// Decodes the body of a raw JSON string token (what follows its opening quote, up to and
/// including the closing quote), replacing unpaired surrogate escapes with U+FFFD. Appends to
/// `out`. False on anything else that is wrong (a bad escape, no closing quote).
bool decode_json_string_lenient(std::string_view raw, std::string& out);

/// Reads a string value into `out` as simdjson does, but with unpaired surrogates as U+FFFD.
/// Returns simdjson's error for anything else.
simdjson::error_code get_string_lenient(simdjson::ondemand::value& v, std::string& out);

/// The same as a view: `out` points into simdjson's buffer, or into `scratch` when the string had
/// to be repaired.
simdjson::error_code get_string_lenient(simdjson::ondemand::value& v, std::string_view& out,
                                        std::string& scratch);

}  // namespace tweetmap
