#include "geocode/unspaced_text.hpp"

#include <array>
#include <string>
#include <vector>

#include <utf8proc.h>

#include "geocode/normalize.hpp"

namespace tweetmap::geocode {

namespace {

constexpr size_t kMinName = 2;  // code points: single characters are too ambiguous
constexpr size_t kMaxName = 6;

struct Cp {
  char32_t c;
  size_t at;   // byte offset of the code point in the text
  size_t len;  // its length in bytes
};

bool is_han(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF);
}
bool is_kana(char32_t c) { return c >= 0x3040 && c <= 0x30FF; }
bool is_hangul(char32_t c) { return c >= 0xAC00 && c <= 0xD7AF; }
bool is_cjk(char32_t c) { return is_han(c) || is_kana(c) || is_hangul(c); }

// The code points of `text`; empty when it is not valid UTF-8.
std::vector<Cp> code_points(std::string_view text) {
  std::vector<Cp> out;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto left = static_cast<utf8proc_ssize_t>(text.size());
  size_t at = 0;
  while (left > 0) {
    utf8proc_int32_t c = 0;
    auto n = utf8proc_iterate(p, left, &c);
    if (n <= 0) return {};
    out.push_back({static_cast<char32_t>(c), at, static_cast<size_t>(n)});
    p += n;
    left -= n;
    at += static_cast<size_t>(n);
  }
  return out;
}

// Does the text at code point i start with `cue` (a UTF-32 string)?
bool starts_with(const std::vector<Cp>& cps, size_t i, std::u32string_view cue) {
  if (i + cue.size() > cps.size()) return false;
  for (size_t k = 0; k < cue.size(); ++k) {
    if (cps[i + k].c != cue[k]) return false;
  }
  return true;
}

// Japanese particles after a name; Korean ones glued to it (longest first).
constexpr std::array<std::u32string_view, 6> kAfter = {U"から", U"在住", U"で",
                                                       U"に",   U"へ",   U"発"};
constexpr std::array<std::u32string_view, 5> kKoreanAfter = {U"에서", U"으로", U"부터", U"에",
                                                             U"로"};
// Chinese prepositions before a name.
constexpr std::array<std::u32string_view, 6> kBefore = {U"来自", U"來自", U"在",
                                                        U"于",   U"從",   U"从"};

struct Finder {
  const Gazetteer& g;
  const std::vector<Cp>& cps;
  std::string_view text;
  bool (*ok)(const Place&);
  const Place* best = nullptr;
  size_t best_len = 0;

  // Tries the names of kMinName..kMaxName code points ending before `end` (exclusive) or
  // starting at `begin`, all within one CJK run; keeps the longest acceptable one.
  void try_span(size_t begin, size_t n) {
    if (n < kMinName || n <= best_len || begin + n > cps.size()) return;
    for (size_t k = begin; k < begin + n; ++k) {
      if (!is_cjk(cps[k].c)) return;
    }
    size_t from = cps[begin].at;
    size_t to = cps[begin + n - 1].at + cps[begin + n - 1].len;
    std::string key = fold_key(text.substr(from, to - from));
    if (key.empty()) return;
    for (const Place* p : g.lookup(key)) {
      if (ok(*p)) {
        best = p;
        best_len = n;
        return;
      }
    }
  }
  void before(size_t end) {
    for (size_t n = kMaxName; n >= kMinName; --n) {
      if (n <= end) try_span(end - n, n);
    }
  }
  void after(size_t begin) {
    for (size_t n = kMaxName; n >= kMinName; --n) try_span(begin, n);
  }
};

}  // namespace

const Place* find_unspaced_place(const Gazetteer& g, std::string_view text,
                                 bool (*acceptable)(const Place&)) {
  // Cheap exit: most posts have no CJK character at all (the lead bytes are E3..ED).
  bool any = false;
  for (char ch : text) {
    auto b = static_cast<unsigned char>(ch);
    if (b >= 0xE3 && b <= 0xED) {
      any = true;
      break;
    }
  }
  if (!any) return nullptr;
  auto cps = code_points(text);
  Finder f{g, cps, text, acceptable};
  for (size_t i = 0; i < cps.size(); ++i) {
    if (!is_cjk(cps[i].c)) continue;
    for (auto cue : kAfter) {
      // A Japanese particle after a name written in kanji or katakana.
      if (i > 0 && starts_with(cps, i, cue) && !is_hangul(cps[i - 1].c)) f.before(i);
    }
    for (auto cue : kKoreanAfter) {
      // A Korean particle that ends its word: the name is the rest of the word.
      if (i > 0 && is_hangul(cps[i - 1].c) && starts_with(cps, i, cue)) {
        size_t end = i + cue.size();
        if (end == cps.size() || !is_hangul(cps[end].c)) {
          size_t start = i;
          while (start > 0 && is_hangul(cps[start - 1].c)) --start;
          f.try_span(start, i - start);
        }
      }
    }
    for (auto cue : kBefore) {
      if (starts_with(cps, i, cue)) f.after(i + cue.size());
    }
  }
  return f.best;
}

}  // namespace tweetmap::geocode
