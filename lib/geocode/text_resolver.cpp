#include "geocode/text_resolver.hpp"

#include <array>
#include <span>
#include <string>
#include <vector>

#include <utf8proc.h>

#include "geocode/normalize.hpp"
#include "geocode/place_name.hpp"
#include "geocode/unspaced_text.hpp"

namespace tweetmap::geocode {

namespace {

// Words after which a place name is expected (folded keys), in several languages.
constexpr std::array<std::string_view, 33> kLocatives = {
    "in",   "at",    "near", "from",  "en", "a",    "em",   "no",     "na", "aus", "bei",
    "nach", "di",    "da",   "desde", "de", "dans", "vers", "near",   "в",  "во",  "из",
    "под",  "около", "na",   "w",     "z",  "te",   "op",   "vanuit", "في", "من",  "فى"};

// Arabic glues "in" to the name: "بالرياض" is "in Riyadh", "بدبي" "in Dubai" (ب + the name).
constexpr std::string_view kArabicBi = "\xD8\xA8";  // ب
constexpr size_t kArabicMinName = 6;                // bytes: three letters after ب

// Place names that are mostly something else in running text (words, given names, brands).
constexpr std::array<std::string_view, 25> kGuards = {
    "nice",       "reading",      "mobile", "split", "sale",       "bath",    "orange",
    "victoria",   "florence",     "march",  "may",   "university", "college", "home",
    "bonn",       "santa",        "us",     "man",   "mary",       "jackson", "lincoln",
    "washington", "paris hilton", "jordan", "paz"};

// The first letters of the ASCII locatives above.
constexpr std::string_view kLocativeInitials = "abdefinotvwz";

// Whether `w` may fold to a locative: an ASCII word only when its first letter starts one (the
// key of an ASCII word starts with its first letter or digit, lower-cased); other words are
// folded to know.
bool may_be_locative(std::string_view w) {
  for (char ch : w) {
    if (static_cast<unsigned char>(ch) >= 0x80) return true;
  }
  for (char ch : w) {
    const char lower = ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch;
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9'))
      return kLocativeInitials.find(lower) != std::string_view::npos;
  }
  return false;
}

bool contains(std::span<const std::string_view> list, std::string_view w) {
  for (auto x : list) {
    if (x == w) return true;
  }
  return false;
}

// Whitespace-separated words of the text, with their original spelling.
void words_of(std::string_view s, std::vector<std::string_view>& out) {
  out.clear();
  size_t i = 0;
  while (i < s.size() && out.size() < 512) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' && s[j] != '\r') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
}

// A capitalised word: its first byte is an upper-case ASCII letter, or it starts with a
// non-ASCII letter that case folding changes (Cyrillic, Greek, accented Latin capitals), or with a
// letter of a script that has no case (Arabic, Hebrew, Devanagari...), where capitals cannot
// tell a name from a word and the locative and the population guards carry the decision.
bool capitalised(std::string_view w) {
  if (w.empty()) return false;
  auto c = static_cast<unsigned char>(w[0]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  utf8proc_int32_t cp = 0;
  if (utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(w.data()),
                       static_cast<utf8proc_ssize_t>(w.size()), &cp) <= 0) {
    return false;
  }
  if (utf8proc_category(cp) == UTF8PROC_CATEGORY_LO) return true;
  std::string k = fold_key(w.substr(0, std::min<size_t>(w.size(), 4)));
  return !k.empty() && k != w.substr(0, k.size());
}

bool acceptable(const Place& p) {
  if (!p.located) return false;
  return p.kind != PlaceKind::kCity || p.population >= kMinTextPopulation;
}

}  // namespace

std::optional<Resolution> resolve_text(const Gazetteer& g, std::string_view text) {
  if (text.size() > kMaxTextBytes) text = text.substr(0, kMaxTextBytes);
  thread_local std::vector<std::string_view> words;  // reused from post to post
  words_of(text, words);
  for (auto w : words) {
    if (w.size() >= kArabicBi.size() + kArabicMinName &&
        w.substr(0, kArabicBi.size()) == kArabicBi) {
      std::string key = fold_key(w.substr(kArabicBi.size()));
      for (const Place* p : g.lookup(key)) {
        if (acceptable(*p)) return to_resolution(g, *p);
      }
    }
  }
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i].size() > 12 || !may_be_locative(words[i])) continue;  // no locative is longer
    std::string trigger = fold_key(words[i]);
    if (!contains(kLocatives, trigger)) continue;
    // The longest capitalised run of up to three words after the locative that names a place.
    for (size_t n = 3; n >= 1; --n) {
      if (i + n >= words.size()) continue;
      bool caps = true;
      std::string phrase;
      for (size_t k = 1; k <= n; ++k) {
        if (!capitalised(words[i + k])) caps = false;
        if (k > 1) phrase += ' ';
        phrase += words[i + k];
      }
      if (!caps) continue;
      std::string key = fold_key(phrase);
      if (key.empty() || contains(kGuards, key)) continue;
      auto cands = g.lookup(key);
      for (const Place* p : cands) {
        if (acceptable(*p)) return to_resolution(g, *p);
      }
    }
  }
  if (const Place* p = find_unspaced_place(g, text, acceptable)) return to_resolution(g, *p);
  return std::nullopt;
}

}  // namespace tweetmap::geocode
