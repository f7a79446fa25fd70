// Parses X API payload lines (v1.1 stream, v2 stream, v2 response pages) into Records.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"

namespace tweetmap {

/// What one input line turned out to be.
enum class LineKind {
  kPosts,      ///< one or more records were appended (a v2 page may give several)
  kControl,    ///< a non-post message (v1.1 delete/limit/scrub_geo/warning/..., v2 errors-only)
  kBlank,      ///< an empty or whitespace-only keep-alive line
  kMalformed,  ///< bad JSON, truncated, invalid UTF-8, not an object, no id, ...
};

struct ParsedLine {
  LineKind kind = LineKind::kBlank;
  std::string control;  ///< kControl: message kind ("delete", "limit", "warning", "errors", ...)
  std::string message;  ///< kControl warning/errors: text worth reporting; kMalformed: the reason
  /// v2 in-stream errors: true when X asks the client to reconnect (operational-disconnect).
  bool disconnect = false;
};

/// Which v1.1 author profile fields (user.location, time_zone, utc_offset: the profile
/// geocoder's input, Record::author_*) the parser reads. Skipping them saves a good part of the
/// user object's walk (they come after some twenty profile fields).
enum class AuthorProfile {
  kAlways,        ///< every post
  kWhenUnplaced,  ///< only posts that end up with no position and no place (geocode::unplaced),
                  ///< read in a second walk of the same document; other posts never check them
  kNever,         ///< never (the author_* fields stay empty)
};

/// Stateless apart from reused buffers: keep one per thread. Never throws; every input, however
/// broken, gives a ParsedLine (see docs/RECORD.md for the field mapping and the geo rules).
class PostParser {
 public:
  /// `src` is written into each record's `src` field ("replay", "x", ...).
  explicit PostParser(std::string src = "replay", AuthorProfile profile = AuthorProfile::kAlways);
  ~PostParser();
  PostParser(PostParser&&) noexcept;
  PostParser& operator=(PostParser&&) noexcept;
  /// Parses one line (without its newline). When `padded` is true, SIMDJSON_PADDING readable bytes
  /// follow the line (LineReader guarantees it) and it is parsed in place; otherwise it is copied.
  /// Appends the records it holds to `out` (never clears it).
  ParsedLine parse(std::string_view line, bool padded, std::vector<Record>& out);
  /// The same, but reuses the Records (and their string buffers) already in `out`: the records
  /// of the line are written to out[used], out[used + 1], ... (growing `out` when needed) and
  /// `used` is advanced past them. Elements at and after the final `used` are leftovers to ignore.
  /// This is the allocation-free form for hot loops (keep `out` between lines, start at 0).
  ParsedLine parse(std::string_view line, bool padded, std::vector<Record>& out, size_t& used);

 private:
  struct Scratch;  // per-line working state, reused between lines
  simdjson::error_code parse_document(const char* data, size_t len, size_t capacity,
                                      ParsedLine& res, std::vector<Record>& out, size_t& used,
                                      std::string& why);
  // kWhenUnplaced: the second walk, the profile fields of the post's user object into `r`.
  simdjson::error_code read_profile_again(simdjson::ondemand::document& doc, Record& r);
  std::string src_;
  AuthorProfile profile_;
  simdjson::ondemand::parser parser_;
  std::string buffer_;  // padded copy of an unpadded line
  std::unique_ptr<Scratch> scratch_;
};

}  // namespace tweetmap
