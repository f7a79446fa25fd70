#include "geocode/normalize.hpp"

#include <cstdlib>

#include <utf8proc.h>

namespace tweetmap::geocode {

namespace {

bool is_word_category(utf8proc_int32_t c) {
  switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

// utf8proc_map with `options`; empty on an error (invalid UTF-8).
std::string map(std::string_view s, int options) {
  utf8proc_uint8_t* out = nullptr;
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                        static_cast<utf8proc_ssize_t>(s.size()), &out,
                        static_cast<utf8proc_option_t>(options));
  std::string r;
  if (n >= 0 && out) r.assign(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
  std::free(out);  // NOLINT(cppcoreguidelines-no-malloc): utf8proc allocates with malloc
  return r;
}

// ASCII needs no Unicode tables: NFKC leaves it alone, folding is lower-casing, and the letters
// and digits are the only word characters. Same result as the general path, much faster.
bool fold_ascii(std::string_view s, std::string& out) {
  out.clear();
  bool space = false;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) return false;
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    if (!alnum) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  }
  return true;
}

}  // namespace

std::string fold_key(std::string_view s) {
  if (s.empty() || s.size() > kMaxKeyInput) return {};
  std::string ascii;
  if (fold_ascii(s, ascii)) return ascii;
  // NFKC first (as the generator does), then a compatibility decomposition with case folding.
  std::string nfkc = map(s, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
  if (nfkc.empty()) return {};
  std::string dec =
      map(nfkc, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
  std::string kept;
  kept.reserve(dec.size());
  bool space = false;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(dec.data());
  auto left = static_cast<utf8proc_ssize_t>(dec.size());
  while (left > 0) {
    utf8proc_int32_t c = 0;
    auto len = utf8proc_iterate(p, left, &c);
    if (len <= 0) return {};
    p += len;
    left -= len;
    if (c >= 0x300 && c <= 0x36F) continue;
    if (!is_word_category(c)) {
      space = true;
      continue;
    }
    if (space && !kept.empty()) kept.push_back(' ');
    space = false;
    utf8proc_uint8_t buf[4];
    auto w = utf8proc_encode_char(c, buf);
    kept.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(w));
  }
  if (kept.empty()) return {};
  return map(kept, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

}  // namespace tweetmap::geocode
