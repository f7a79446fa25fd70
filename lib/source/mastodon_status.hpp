// Reads Mastodon status lines (the Status entity of the REST and streaming APIs, one a line) into
// Records. Internal to the post parser (lib/source/post_parser.cpp), which hands a line over when
// it meets a key only a status has (uri, account, visibility, spoiler_text) or a string "id" as
// the first key (X's "id" is a number).
#pragma once

#include <string>
#include <vector>

#include <simdjson.h>

#include "core/record.hpp"
#include "source/post_fields.hpp"
#include "source/post_parser.hpp"

namespace tweetmap::post_detail {

/// True when a top-level key (raw, as field::key().raw()) is one only a Mastodon status has.
bool is_mastodon_status_key(const char* raw_key);

/// Parses the padded document `data` (`len` bytes, `capacity` readable) as one Mastodon status and
/// appends one record at out[used] (advancing `used`); a status without a uri or with an
/// unreadable created_at sets `why` (malformed). `sc` is the parser's per-line state (reset by the
/// caller).
simdjson::error_code parse_mastodon_status(simdjson::ondemand::parser& parser, const char* data,
                                           size_t len, size_t capacity, const std::string& src,
                                           ParsedLine& res, std::vector<Record>& out, size_t& used,
                                           std::string& why, LineState& sc);

}  // namespace tweetmap::post_detail
