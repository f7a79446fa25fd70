#include "geocode/normalize.hpp"

#include <array>
#include <cstdint>
#include <vector>

#include <utf8proc.h>

#include "core/text.hpp"

namespace tweetmap::geocode {

namespace {

constexpr int kNfkc = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT;
constexpr int kNfkdFold =
    UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD;
constexpr int kNfc = UTF8PROC_STABLE | UTF8PROC_COMPOSE;

// Scratch space of one thread: the folding allocates nothing once these have grown.
struct Scratch {
  std::vector<utf8proc_int32_t> cps;
  std::string a, b;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// utf8proc_decompose of `s` into `buf` (grown to fit): the number of code points, or -1.
utf8proc_ssize_t decompose(std::string_view s, int options, std::vector<utf8proc_int32_t>& buf) {
  if (buf.size() < s.size() + 8) buf.resize(s.size() + 8);
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  const auto len = static_cast<utf8proc_ssize_t>(s.size());
  const auto opt = static_cast<utf8proc_option_t>(options);
  auto n = utf8proc_decompose(p, len, buf.data(), static_cast<utf8proc_ssize_t>(buf.size()), opt);
  if (n > static_cast<utf8proc_ssize_t>(buf.size())) {
    buf.resize(static_cast<size_t>(n));
    n = utf8proc_decompose(p, len, buf.data(), n, opt);
  }
  return n;
}

// utf8proc_map(s, options) without its allocations (the same two steps: decompose, then
// reencode, which composes when asked): into `out`; false on an error (invalid UTF-8).
bool map_into(std::string_view s, int options, std::vector<utf8proc_int32_t>& buf,
              std::string& out) {
  auto n = decompose(s, options, buf);
  if (n < 0) return false;
  auto bytes = utf8proc_reencode(buf.data(), n, static_cast<utf8proc_option_t>(options));
  if (bytes < 0) return false;
  out.assign(reinterpret_cast<const char*>(buf.data()), static_cast<size_t>(bytes));
  return true;
}

// Whether NFC could change a text of fully decomposed code points that holds `c`: a
// combining mark, the second code point of a canonical composition, or a Hangul jamo.
bool may_compose(utf8proc_int32_t c) {
  const utf8proc_property_t* p = utf8proc_get_property(c);
  if (p->combining_class != 0) return true;
  if (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000) return true;
  return c >= 0x1100 && c <= 0x11FF;
}

// The general path: NFKC; NFKD with case folding; U+0300..U+036F dropped, other characters
// than letters, marks and digits as single spaces; NFC (skipped when it cannot change anything).
std::string fold_general(std::string_view s) {
  Scratch& sc = scratch();
  if (!map_into(s, kNfkc, sc.cps, sc.a) || sc.a.empty()) return {};
  auto n = decompose(sc.a, kNfkdFold, sc.cps);
  if (n < 0) return {};
  std::string& kept = sc.b;
  kept.clear();
  bool space = false, compose = false;
  for (utf8proc_ssize_t i = 0; i < n; ++i) {
    const utf8proc_int32_t c = sc.cps[static_cast<size_t>(i)];
    if (c >= 0x300 && c <= 0x36F) continue;
    if (!is_letter_mark_or_number(c)) {
      space = true;
      continue;
    }
    if (space && !kept.empty()) kept.push_back(' ');
    space = false;
    compose = compose || may_compose(c);
    utf8proc_uint8_t buf[4];
    auto w = utf8proc_encode_char(c, buf);
    kept.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(w));
  }
  if (kept.empty()) return {};
  if (!compose) return kept;
  std::string out;
  if (!map_into(kept, kNfc, sc.cps, out)) return {};
  return out;
}

// Code points below U+0300 (ASCII, Latin-1, Latin Extended A and B, IPA, spacing modifiers)
// fold one by one: none of them is the second code point of a composition, and each one's
// decomposition starts with a starter, so a neighbour never changes how another folds. Each
// entry is the general path's folding of the code point alone, with ' ' where a separator falls
// (a space is never a word character), or `general` when NFC could change the whole.
struct LatinFold {
  std::string bytes;
  bool general = false;
};

const std::array<LatinFold, 0x300>& latin_table() {
  static const std::array<LatinFold, 0x300> table = [] {
    std::array<LatinFold, 0x300> t;
    for (utf8proc_int32_t c = 0; c < 0x300; ++c) {
      LatinFold& e = t[static_cast<size_t>(c)];
      utf8proc_uint8_t buf[4];
      auto w = utf8proc_encode_char(c, buf);
      std::string one(reinterpret_cast<const char*>(buf), static_cast<size_t>(w));
      std::vector<utf8proc_int32_t> cps;
      std::string nfkc;
      if (c == 0 || !map_into(one, kNfkc, cps, nfkc)) {
        e.bytes = " ";
        continue;
      }
      auto n = decompose(nfkc, kNfkdFold, cps);
      for (utf8proc_ssize_t i = 0; i < n; ++i) {
        const utf8proc_int32_t d = cps[static_cast<size_t>(i)];
        if (d >= 0x300 && d <= 0x36F) continue;
        if (!is_letter_mark_or_number(d)) {
          e.bytes.push_back(' ');
          continue;
        }
        if (may_compose(d)) e.general = true;
        auto k = utf8proc_encode_char(d, buf);
        e.bytes.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(k));
      }
    }
    return t;
  }();
  return table;
}

// ASCII needs no Unicode tables: NFKC leaves it alone, folding is lower-casing, and the letters
// and digits are the only word characters. The two-byte UTF-8 lead bytes C2..CB encode
// U+0080..U+02FF, folded from the table. False for anything else (the general path).
bool fold_latin(std::string_view s, std::string& out) {
  const std::array<LatinFold, 0x300>* table = nullptr;  // built on the first non-ASCII text
  out.clear();
  bool space = false;
  auto emit = [&](std::string_view piece) {
    for (char ch : piece) {
      if (ch == ' ') {
        space = true;
        continue;
      }
      // A UTF-8 continuation byte continues the character just written.
      if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) {
        if (space && !out.empty()) out.push_back(' ');
        space = false;
      }
      out.push_back(ch);
    }
  };
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
      if (!alnum) {
        space = true;
        continue;
      }
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      continue;
    }
    if (c < 0xC2 || c > 0xCB || i + 1 >= s.size()) return false;
    auto c2 = static_cast<unsigned char>(s[i + 1]);
    if ((c2 & 0xC0) != 0x80) return false;
    if (!table) table = &latin_table();
    const LatinFold& e = (*table)[((c & 0x1F) << 6) | (c2 & 0x3F)];
    if (e.general) return false;
    emit(e.bytes);
    ++i;
  }
  return true;
}

}  // namespace

std::string fold_key(std::string_view s) {
  if (s.empty() || s.size() > kMaxKeyInput) return {};
  std::string out;
  if (fold_latin(s, out)) return out;
  return fold_general(s);
}

}  // namespace tweetmap::geocode
