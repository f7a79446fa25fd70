// Placeholder so the library links; the real parser replaces this file.
#include "post_parser.hpp"

namespace tweetmap {

PostParser::PostParser(std::string src) : src_(std::move(src)) {}

ParsedLine PostParser::parse(std::string_view line, bool padded, std::vector<Record>& out) {
  ParsedLine p;
  p.kind = LineKind::kMalformed;
  p.message = "parser not implemented";
  return p;
}

}  // namespace tweetmap
