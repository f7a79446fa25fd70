// Message keys for kafka-pub: none, a fixed -k KEY, "KEY<DELIM>VALUE" lines (-K), or a top-level
// JSON field of the line (--key-field).
#pragma once

#include <string>
#include <string_view>

#include <simdjson.h>

#include "core/status.hpp"

namespace tweetmap {

/// How to find the key of a line. Plain value type.
struct KeySpec {
  enum class Mode { kNone, kFixed, kDelimiter, kField };
  Mode mode = Mode::kNone;
  std::string text;  ///< the fixed key, the delimiter, or the field name
};

/// Turns input lines into (key, value) pairs. Keeps a simdjson parser: one per thread.
class KeyExtractor {
 public:
  explicit KeyExtractor(KeySpec spec) : spec_(std::move(spec)) {}

  enum class Outcome {
    kOk,          ///< key and value set (key empty with has_key false for Mode::kNone)
    kMissingKey,  ///< no delimiter in the line, or the field is absent or null
    kMalformed,   ///< --key-field on a line that is not a JSON object
  };
  /// Splits `line`. With kField, `line` must be followed by SIMDJSON_PADDING readable bytes when
  /// `padded` is true (LineReader's lines are); otherwise it is copied. The key of a string field
  /// is its unescaped text, of a number or boolean its JSON token. Views into `line` or into this
  /// extractor stay valid until the next call.
  Outcome split(std::string_view line, bool padded, std::string_view& key, bool& has_key,
                std::string_view& value);

  const KeySpec& spec() const { return spec_; }

 private:
  KeySpec spec_;
  simdjson::ondemand::parser parser_;
  simdjson::padded_string copy_;
  std::string key_buf_;
};

/// Undoes kcat-style escapes in a delimiter given on the command line ("\t", "\n", "\\", "\0"
/// style hex "\x1f"). Errors (kUsage) for an empty result.
Result<std::string> unescape_delimiter(std::string_view text);

}  // namespace tweetmap
