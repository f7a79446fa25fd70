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

/// A JSON text held in its own padded copy, for parses of a body or a message that is not a
/// padded line (an HTTP answer, a WebSocket frame): the copy, the document and its root object
/// live together, so the object stays valid as long as this does. Reused (e.g. thread_local)
/// for one message after another, the copy only grows: no allocation per message.
struct ParsedObject {
  simdjson::padded_string copy;
  simdjson::ondemand::document doc;
  simdjson::ondemand::object root;
};

/// Parses `text` into `out` with `parser`; false when it is not JSON or its root is not an object.
[[nodiscard]] bool parse_object(simdjson::ondemand::parser& parser, std::string_view text,
                                ParsedObject& out);

}  // namespace tweetmap
