#include "core/padded_parse.hpp"

#include <cstring>

namespace tweetmap {

simdjson::simdjson_result<simdjson::ondemand::document> iterate_padded(
    simdjson::ondemand::parser& parser, simdjson::padded_string& scratch, std::string_view line,
    bool padded) {
  if (padded)
    return parser.iterate(line.data(), line.size(), line.size() + simdjson::SIMDJSON_PADDING);
  if (scratch.size() < line.size()) scratch = simdjson::padded_string(line.size() * 2 + 64);
  if (!line.empty()) std::memcpy(scratch.data(), line.data(), line.size());  // data() may be null
  return parser.iterate(scratch.data(), line.size(), scratch.size() + simdjson::SIMDJSON_PADDING);
}

bool parse_object(simdjson::ondemand::parser& parser, std::string_view text, ParsedObject& out) {
  return iterate_padded(parser, out.copy, text, false).get(out.doc) == simdjson::SUCCESS &&
         out.doc.get_object().get(out.root) == simdjson::SUCCESS;
}

}  // namespace tweetmap
