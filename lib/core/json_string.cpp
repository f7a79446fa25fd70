#include "core/json_string.hpp"

#include <cstdint>

#include "core/text.hpp"

namespace tweetmap {
namespace {

bool read_hex4(std::string_view s, size_t pos, uint32_t& out) {
  if (pos + 4 > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < 4; ++i) {
    int h = hex_value(s[pos + i]);
    if (h < 0) return false;
    out = out * 16 + static_cast<uint32_t>(h);
  }
  return true;
}

void append_utf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

bool decode_json_string_lenient(std::string_view raw, std::string& out) {
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '"') return true;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= raw.size()) return false;
    switch (raw[i]) {
      case '"':
      case '\\':
      case '/':
        out += raw[i];
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        uint32_t cp = 0;
        if (!read_hex4(raw, i + 1, cp)) return false;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t lo = 0;
          if (i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u' &&
              read_hex4(raw, i + 3, lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          } else {
            cp = 0xFFFD;
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          cp = 0xFFFD;
        }
        append_utf8(cp, out);
        break;
      }
      default:
        return false;
    }
  }
  return false;  // no closing quote
}

simdjson::error_code get_string_lenient(simdjson::ondemand::value& v, std::string_view& out,
                                        std::string& scratch) {
  std::string_view raw = v.raw_json_token();
  simdjson::error_code e = v.get_string().get(out);
  if (e != simdjson::STRING_ERROR || raw.empty() || raw[0] != '"') return e;
  scratch.clear();
  if (!decode_json_string_lenient(raw.substr(1), scratch)) return e;
  out = scratch;
  return simdjson::SUCCESS;
}

simdjson::error_code get_string_lenient(simdjson::ondemand::value& v, std::string& out) {
  std::string scratch;
  std::string_view sv;
  simdjson::error_code e = get_string_lenient(v, sv, scratch);
  if (e) return e;
  if (sv.data() == scratch.data()) {
    out = std::move(scratch);
  } else {
    out.assign(sv);
  }
  return simdjson::SUCCESS;
}

}  // namespace tweetmap
