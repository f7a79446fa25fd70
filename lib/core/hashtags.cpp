#include "core/hashtags.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace tweetmap {

namespace {

constexpr std::string_view kFullWidthHash = "\xEF\xBC\x83";  // U+FF03

bool is_digit_cp(int32_t cp) { return cp >= '0' && cp <= '9'; }

}  // namespace

void add_hashtag(std::string_view tag, std::vector<std::string>& tags) {
  if (tag.starts_with('#')) {
    tag.remove_prefix(1);
  } else if (tag.starts_with(kFullWidthHash)) {
    tag.remove_prefix(kFullWidthHash.size());
  }
  if (tag.empty()) return;
  std::string folded;
  folded.reserve(tag.size());
  append_casefold(tag, folded);
  if (std::find(tags.begin(), tags.end(), folded) == tags.end()) tags.push_back(std::move(folded));
}

void extract_hashtags(std::string_view text, std::vector<std::string>& tags) {
  size_t pos = 0;
  bool prev_blocks = false;  // the previous code point was a word character or '&'
  while (pos < text.size()) {
    size_t hash_len = 0;
    if (text[pos] == '#') {
      hash_len = 1;
    } else if (text.substr(pos).starts_with(kFullWidthHash)) {
      hash_len = kFullWidthHash.size();
    }
    if (hash_len == 0 || prev_blocks) {
      int32_t cp = next_codepoint(text, pos);
      prev_blocks = cp == '&' || is_word_codepoint(cp);
      continue;
    }
    size_t start = pos + hash_len;
    size_t end = start;
    bool has_non_digit = false;
    while (end < text.size()) {
      size_t next = end;
      int32_t cp = next_codepoint(text, next);
      if (!is_word_codepoint(cp)) break;
      has_non_digit |= !is_digit_cp(cp);
      end = next;
    }
    if (end > start && has_non_digit) add_hashtag(text.substr(start, end - start), tags);
    pos = end > start ? end : start;
    prev_blocks = end > start;
  }
}

}  // namespace tweetmap
