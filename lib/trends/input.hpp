// The fields of a record line that tweet-trends uses, parsed without copying the rest.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "core/record.hpp"
#include "core/status.hpp"

namespace tweetmap {

/// Parses normalized record lines like RecordParser, but fills only the fields trends read:
/// ts, lat, lon, geo, place, cc, tags, rt, type, and, when `want_text`, text and lang. The
/// other fields (id, bbox, user, name, src, and text/lang otherwise) are left empty: only their
/// JSON type is checked (a bbox must be an array, its numbers are not read), so they are neither
/// unescaped nor copied. Reuses its buffers: keep one per thread.
class TrendInputParser {
 public:
  explicit TrendInputParser(bool want_text) : want_text_(want_text) {}
  /// `line` must have SIMDJSON_PADDING readable bytes after its end when `padded` is true;
  /// otherwise the line is copied into an internal padded buffer.
  Status parse(std::string_view line, Record& out, bool padded = false);

 private:
  bool want_text_;
  simdjson::ondemand::parser parser_;
  simdjson::padded_string buffer_;
};

}  // namespace tweetmap
