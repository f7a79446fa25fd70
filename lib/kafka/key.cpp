#include "kafka/key.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "core/padded_parse.hpp"

namespace tweetmap {

KeyExtractor::Outcome KeyExtractor::split(std::string_view line, bool padded, std::string_view& key,
                                          bool& has_key, std::string_view& value) {
  has_key = false;
  key = {};
  value = line;
  switch (spec_.mode) {
    case KeySpec::Mode::kNone:
      return Outcome::kOk;
    case KeySpec::Mode::kFixed:
      key = spec_.text;
      has_key = true;
      return Outcome::kOk;
    case KeySpec::Mode::kDelimiter: {
      auto pos = line.find(spec_.text);
      if (pos == std::string_view::npos) return Outcome::kMissingKey;
      key = line.substr(0, pos);
      value = line.substr(pos + spec_.text.size());
      has_key = true;
      return Outcome::kOk;
    }
    case KeySpec::Mode::kField:
      break;
  }
  simdjson::ondemand::document doc;
  if (iterate_padded(parser_, copy_, line, padded).get(doc)) return Outcome::kMalformed;
  simdjson::ondemand::object obj;
  if (doc.get_object().get(obj)) return Outcome::kMalformed;
  simdjson::ondemand::value v;
  auto err = obj.find_field_unordered(spec_.text).get(v);
  if (err == simdjson::NO_SUCH_FIELD) return Outcome::kMissingKey;
  if (err) return Outcome::kMalformed;
  simdjson::ondemand::json_type t;
  if (v.type().get(t)) return Outcome::kMalformed;
  if (t == simdjson::ondemand::json_type::null) return Outcome::kMissingKey;
  if (t == simdjson::ondemand::json_type::string) {
    std::string_view s;
    if (v.get_string().get(s)) return Outcome::kMalformed;
    // The parser's string buffer is reused by the next document: keep a copy.
    key_buf_.assign(s);
    key = key_buf_;
  } else if (t == simdjson::ondemand::json_type::number ||
             t == simdjson::ondemand::json_type::boolean) {
    std::string_view raw = v.raw_json_token();
    while (!raw.empty() &&
           (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' || raw.back() == '\r'))
      raw.remove_suffix(1);
    key_buf_.assign(raw);
    key = key_buf_;
  } else {
    return Outcome::kMissingKey;  // objects and arrays are not keys
  }
  has_key = true;
  return Outcome::kOk;
}

Result<std::string> unescape_delimiter(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '\\' || i + 1 == text.size()) {
      out += c;
      continue;
    }
    char n = text[++i];
    // The one-letter escapes and what they stand for.
    constexpr std::string_view kEscaped = "tnr\\", kMeant = "\t\n\r\\";
    if (size_t at = kEscaped.find(n); at != std::string_view::npos) {
      out += kMeant[at];
    } else if (n == 'x') {
      std::string hex(text.substr(i + 1, 2));
      char* end = nullptr;
      long v = std::strtol(hex.c_str(), &end, 16);
      if (hex.size() != 2 || *end != '\0')
        return usage_error(fmt::format("bad escape in delimiter '{}'", text));
      out += static_cast<char>(v);
      i += 2;
    } else {
      out += '\\';
      out += n;
    }
  }
  if (out.empty()) return usage_error("the key delimiter is empty");
  return out;
}

}  // namespace tweetmap
