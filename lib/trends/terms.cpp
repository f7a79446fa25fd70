#include "trends/terms.hpp"

#include <utf8proc.h>

#include <algorithm>

#include "core/text.hpp"
#include "trends/stopwords.hpp"

namespace tweetmap {

namespace {

// Scripts that are written without spaces between words get a token per run of one script.
enum class Script { kOther, kHan, kHiragana, kKatakana };

Script script_of(utf8proc_int32_t cp) {
  if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
      (cp >= 0x20000 && cp <= 0x2FA1F) || cp == 0x3005)
    return Script::kHan;
  if (cp >= 0x3041 && cp <= 0x309F) return Script::kHiragana;
  if ((cp >= 0x30A0 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
      (cp >= 0xFF66 && cp <= 0xFF9F))
    return Script::kKatakana;
  return Script::kOther;
}

bool is_word_char(utf8proc_int32_t cp) { return is_word_codepoint(cp) || cp == '_'; }

bool is_space(utf8proc_int32_t cp) {
  return cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' ||
         utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

struct Token {
  size_t begin, end;  // byte offsets in the text
  size_t codepoints;
  bool digits_only;
  Script script;
};

constexpr size_t kMaxWordBytes = 64;

}  // namespace

TermExtractor::TermExtractor(TermMode mode, size_t max_words)
    : mode_(mode), max_words_(max_words) {}

void TermExtractor::extract(const Record& r, std::vector<Term>& out) {
  out.clear();
  for (const std::string& t : r.tags) {
    if (!t.empty()) out.push_back({t, false});
  }
  if (mode_ != TermMode::kWords || r.text.empty()) return;

  words_.clear();
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(r.text.data());
  const size_t n = r.text.size();
  size_t i = 0;
  bool skip_token = false;  // inside a #hashtag, @mention or URL
  Token tok{0, 0, 0, true, Script::kOther};
  bool in_token = false;
  auto close = [&] {
    if (!in_token) return;
    in_token = false;
    if (skip_token || tok.codepoints < 2 || tok.digits_only || tok.script == Script::kHiragana)
      return;
    if (tok.end - tok.begin > kMaxWordBytes || words_.size() >= max_words_) return;
    std::string w = casefold(std::string_view(r.text).substr(tok.begin, tok.end - tok.begin));
    if (is_stopword(r.lang, w)) return;
    if (std::find(words_.begin(), words_.end(), w) != words_.end()) return;
    words_.push_back(std::move(w));
  };
  while (i < n) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t len = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(n - i), &cp);
    if (len <= 0) {  // invalid byte: a separator
      close();
      skip_token = false;
      ++i;
      continue;
    }
    const size_t at = i;
    i += static_cast<size_t>(len);
    if (is_space(cp)) {
      close();
      skip_token = false;
      continue;
    }
    if (!in_token && !skip_token) {
      if (cp == '#' || cp == '@' || cp == 0xFF03) {
        skip_token = true;  // hashtags count as tags, mentions not at all
        continue;
      }
      std::string_view rest = std::string_view(r.text).substr(at);
      if (rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.")) {
        skip_token = true;
        continue;
      }
    }
    if (!is_word_char(cp)) {
      // An apostrophe between letters stays in the word ("don't", "l'eau" -> one token).
      if ((cp == '\'' || cp == 0x2019) && in_token && i < n) {
        utf8proc_int32_t next = 0;
        if (utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(n - i), &next) > 0 &&
            is_word_char(next)) {
          tok.end = i;
          ++tok.codepoints;
          tok.digits_only = false;
          continue;
        }
      }
      close();
      continue;
    }
    const Script s = script_of(cp);
    if (in_token && s != tok.script && (s != Script::kOther || tok.script != Script::kOther)) {
      close();
    }
    if (!in_token) {
      in_token = true;
      tok = {at, i, 0, true, s};
    }
    tok.end = i;
    ++tok.codepoints;
    if (utf8proc_category(cp) != UTF8PROC_CATEGORY_ND) tok.digits_only = false;
  }
  close();
  for (const std::string& w : words_) out.push_back({w, true});
}

}  // namespace tweetmap
