#include "stopwords.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

namespace tweetmap {

namespace {

struct RawList {
  const char* lang;
  const char* words;  // each word followed by '\n'
};

constexpr RawList kLists[] = {
#include "stopwords_table.inc"
};

struct Tables {
  std::unordered_map<std::string, std::unordered_set<std::string>> by_lang;
  std::unordered_set<std::string> any;
};

const Tables& tables() {
  static const Tables t = [] {
    Tables out;
    for (const RawList& l : kLists) {
      auto& set = out.by_lang[l.lang];
      std::string_view rest(l.words);
      while (!rest.empty()) {
        size_t nl = rest.find('\n');
        std::string w = fold_case(rest.substr(0, nl));
        set.insert(w);
        out.any.insert(std::move(w));
        rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
      }
    }
    return out;
  }();
  return t;
}

}  // namespace

std::string fold_case(std::string_view s) {
  utf8proc_uint8_t* folded = nullptr;
  utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()),
      &folded,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
  if (n < 0) return std::string(s);
  std::string out(reinterpret_cast<const char*>(folded), static_cast<size_t>(n));
  std::free(folded);
  return out;
}

std::vector<std::string> stopword_languages() {
  std::vector<std::string> out;
  for (const RawList& l : kLists) out.emplace_back(l.lang);
  return out;
}

bool is_stopword(std::string_view lang, std::string_view word) {
  const Tables& t = tables();
  std::string primary(lang.substr(0, lang.find_first_of("-_")));
  for (char& c : primary) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  // Lookups with a std::string key; words are short, so the copy is cheap.
  std::string key(word);
  auto it = t.by_lang.find(primary);
  if (it != t.by_lang.end()) return it->second.count(key) != 0;
  return t.any.count(key) != 0;
}

}  // namespace tweetmap
