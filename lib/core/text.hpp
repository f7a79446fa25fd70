// Text helpers shared by the parsers, the filters and the trends: Unicode case folding, HTML-entity
// unescaping, and a word tokenizer. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tweetmap {

/// Appends the Unicode full case folding of `s`, composed to NFC, to `out` ("Straße" -> "strasse",
/// "ΣΟΦΟΣ" -> "σοφοσ", "İstanbul" -> "istanbul": the combining dot that full folding leaves after
/// "i" is dropped). Invalid UTF-8 sequences become U+FFFD. ASCII takes a fast path.
void append_casefold(std::string_view s, std::string& out);
/// Returns the case folding of `s` (see append_casefold).
std::string casefold(std::string_view s);

/// True when `s` contains one of the entities X escapes in post text (&amp; &lt; &gt;).
bool has_html_entity(std::string_view s);
/// Appends `s` with "&amp;", "&lt;" and "&gt;" replaced by "&", "<" and ">"; nothing else changes
/// (X escapes only these three, so "&quot;" in a post is literal text).
void append_html_unescaped(std::string_view s, std::string& out);
/// Returns `s` unescaped as append_html_unescaped does.
std::string html_unescape(std::string_view s);

/// True for code points that belong to a word: letters, combining marks, digits and other
/// numbers, connector punctuation ('_'), and the zero-width (non-)joiners.
bool is_word_codepoint(int32_t cp);
/// True for a letter, a combining mark or a number (Unicode categories L*, M* and N*).
bool is_letter_mark_or_number(int32_t cp);
/// True for scripts written without spaces between words (Han, Hiragana, Katakana, Thai, Lao,
/// Khmer, Myanmar), where whole-word matching is impossible and substrings are used instead.
bool is_unspaced_codepoint(int32_t cp);
/// True when `s` holds at least one is_unspaced_codepoint.
bool has_unspaced_text(std::string_view s);

/// Appends to `out` the words of `s` (maximal runs of is_word_codepoint), as views into `s`, in
/// order. Call it on case-folded text to get lower-cased words. Invalid UTF-8 separates words.
void split_words(std::string_view s, std::vector<std::string_view>& out);
/// The case-folded words of `text`, in order (duplicates kept).
std::vector<std::string> folded_words(std::string_view text);

/// The value of a hexadecimal digit ('0'-'9', 'a'-'f', 'A'-'F'); -1 for any other byte.
constexpr int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// The items of a comma-separated list, in order, as views into `s`. With `trim_spaces`, spaces
/// around each item are removed; empty items are dropped either way ("a, ,b" -> "a", "b").
std::vector<std::string_view> split_list(std::string_view s, bool trim_spaces = true);

/// Decodes one UTF-8 code point at `s[pos]`; advances `pos` (by 1 on invalid input, returning -1).
int32_t next_codepoint(std::string_view s, size_t& pos);

}  // namespace tweetmap
