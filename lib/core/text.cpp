#include "core/text.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <cstring>

namespace tweetmap {

namespace {

bool all_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

}  // namespace

int32_t next_codepoint(std::string_view s, size_t& pos) {
  auto c = static_cast<unsigned char>(s[pos]);
  if (c < 0x80) {
    ++pos;
    return c;
  }
  utf8proc_int32_t cp = -1;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos),
                            static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
  if (n <= 0) {
    ++pos;
    return -1;
  }
  pos += static_cast<size_t>(n);
  return cp;
}

void append_casefold(std::string_view s, std::string& out) {
  if (all_ascii(s)) {
    size_t base = out.size();
    out.append(s);
    for (size_t i = base; i < out.size(); ++i)
      if (out[i] >= 'A' && out[i] <= 'Z') out[i] = static_cast<char>(out[i] + ('a' - 'A'));
    return;
  }
  // utf8proc rejects invalid input as a whole: repair it first so the valid parts still fold.
  std::string repaired;
  bool valid = true;
  for (size_t pos = 0; pos < s.size() && valid;) valid = next_codepoint(s, pos) >= 0;
  if (!valid) {
    size_t pos = 0;
    while (pos < s.size()) {
      size_t start = pos;
      if (next_codepoint(s, pos) < 0) {
        repaired += "\xEF\xBF\xBD";
      } else {
        repaired.append(s.data() + start, pos - start);
      }
    }
    s = repaired;
  }
  utf8proc_uint8_t* folded = nullptr;
  auto n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()),
      &folded,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
  if (n >= 0 && folded != nullptr) {
    // Full case folding turns the Turkish capital dotted I (U+0130) into "i" + U+0307; drop the
    // combining dot after "i" so "İstanbul", "ISTANBUL" and "istanbul" fold alike.
    std::string_view f(reinterpret_cast<const char*>(folded), static_cast<size_t>(n));
    constexpr std::string_view kDottedI = "i\xCC\x87";
    for (size_t at = f.find(kDottedI); at != std::string_view::npos; at = f.find(kDottedI)) {
      out.append(f.substr(0, at + 1));
      f.remove_prefix(at + kDottedI.size());
    }
    out.append(f);
  } else {
    out.append(s);
  }
  std::free(folded);
}

std::string casefold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  append_casefold(s, out);
  return out;
}

bool has_html_entity(std::string_view s) {
  for (size_t i = s.find('&'); i != std::string_view::npos; i = s.find('&', i + 1)) {
    auto rest = s.substr(i);
    if (rest.starts_with("&amp;") || rest.starts_with("&lt;") || rest.starts_with("&gt;"))
      return true;
  }
  return false;
}

void append_html_unescaped(std::string_view s, std::string& out) {
  size_t run = 0;
  for (size_t i = s.find('&'); i != std::string_view::npos; i = s.find('&', i)) {
    auto rest = s.substr(i);
    char repl = 0;
    size_t len = 0;
    if (rest.starts_with("&amp;")) {
      repl = '&';
      len = 5;
    } else if (rest.starts_with("&lt;")) {
      repl = '<';
      len = 4;
    } else if (rest.starts_with("&gt;")) {
      repl = '>';
      len = 4;
    }
    if (len == 0) {
      ++i;
      continue;
    }
    out.append(s.data() + run, i - run);
    out += repl;
    i += len;
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
}

std::string html_unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  append_html_unescaped(s, out);
  return out;
}

bool is_letter_mark_or_number(int32_t cp) {
  switch (utf8proc_category(cp)) {
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

bool is_word_codepoint(int32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           cp == '_';
  }
  if (cp == 0x200C || cp == 0x200D) return true;
  return is_letter_mark_or_number(cp) || utf8proc_category(cp) == UTF8PROC_CATEGORY_PC;
}

bool is_unspaced_codepoint(int32_t cp) {
  return (cp >= 0x0E00 && cp <= 0x0EFF) ||  // Thai, Lao
         (cp >= 0x1000 && cp <= 0x109F) ||  // Myanmar
         (cp >= 0x1780 && cp <= 0x17FF) ||  // Khmer
         (cp >= 0x2E80 && cp <= 0x2FDF) ||  // CJK radicals, Kangxi
         (cp >= 0x3040 && cp <= 0x30FF) ||  // Hiragana, Katakana
         (cp >= 0x3100 && cp <= 0x31FF) ||  // Bopomofo, Katakana extensions
         (cp >= 0x3400 && cp <= 0x4DBF) ||  // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||  // CJK unified ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||  // CJK compatibility ideographs
         (cp >= 0xFF66 && cp <= 0xFF9F) ||  // half-width Katakana
         (cp >= 0x20000 && cp <= 0x3FFFF);  // CJK extensions B and later
}

bool has_unspaced_text(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    if (is_unspaced_codepoint(next_codepoint(s, pos))) return true;
  }
  return false;
}

void split_words(std::string_view s, std::vector<std::string_view>& out) {
  size_t pos = 0;
  size_t start = std::string_view::npos;
  while (pos < s.size()) {
    size_t here = pos;
    bool word = is_word_codepoint(next_codepoint(s, pos));
    if (word && start == std::string_view::npos) start = here;
    if (!word && start != std::string_view::npos) {
      out.push_back(s.substr(start, here - start));
      start = std::string_view::npos;
    }
  }
  if (start != std::string_view::npos) out.push_back(s.substr(start));
}

std::vector<std::string> folded_words(std::string_view text) {
  std::string folded = casefold(text);
  std::vector<std::string_view> views;
  split_words(folded, views);
  return {views.begin(), views.end()};
}

std::vector<std::string_view> split_list(std::string_view s, bool trim_spaces) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string_view::npos) comma = s.size();
    std::string_view item = s.substr(start, comma - start);
    if (trim_spaces) {
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    }
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

}  // namespace tweetmap
