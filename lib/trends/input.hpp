// The fields of a record line that tweet-trends uses, parsed without copying the rest.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "core/record.hpp"
#include "core/status.hpp"

namespace tweetmap {

/// Parses normalized record lines like RecordParser, but fills only the fields trends read:
/// ts, lat, lon, geo, prec, place, cc, tags, rt, type, and, when `want_text`, text and lang. The
/// other fields (id, bbox, user, name, src, and text/lang otherwise) are left empty: only their
/// JSON type is checked (a bbox must be an array, its numbers are not read), so they are neither
/// unescaped nor copied. Reuses its buffers: keep one per thread.
class TrendInputParser {
 public:
  explicit TrendInputParser(bool want_text) : want_text_(want_text) {}
  /// `line` must have SIMDJSON_PADDING readable bytes after its end when `padded` is true;
  /// otherwise the line is copied into an internal padded buffer.
  /// A position out of range (latitude outside [-90, 90], longitude outside [-180, 180], not
  /// finite) is dropped, as tweet-stream drops it: the record stays, without lat/lon, and
  /// bad_position() says so for this record.
  Status parse(std::string_view line, Record& out, bool padded = false);
  bool bad_position() const { return bad_position_; }

 private:
  bool want_text_;
  bool bad_position_ = false;
  simdjson::ondemand::parser parser_;
  simdjson::padded_string buffer_;
};

}  // namespace tweetmap
