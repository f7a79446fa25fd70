// Starting a simdjson On-Demand parse of one line, with the padding simdjson reads past its end.
#pragma once

#include <simdjson.h>

#include <string_view>

namespace tweetmap {

/// Starts parsing `line` with `parser`. simdjson reads up to SIMDJSON_PADDING bytes past the end
/// of its input: when `padded` is true the caller guarantees that many readable bytes after
/// `line` (LineReader's lines have them) and the line is parsed in place; otherwise it is copied
/// into `scratch`, which grows (to twice the line, so that growth is rare) and is reused by the
/// next call. The document refers to the line (or `scratch`) and to `parser`: it is valid until
/// either changes. Errors are simdjson's (the caller turns them into its own).
simdjson::simdjson_result<simdjson::ondemand::document> iterate_padded(
    simdjson::ondemand::parser& parser, simdjson::padded_string& scratch, std::string_view line,
    bool padded);

}  // namespace tweetmap
