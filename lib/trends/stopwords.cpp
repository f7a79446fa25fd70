#include "trends/stopwords.hpp"

#include "core/text.hpp"

#include <unordered_map>
#include <unordered_set>

namespace tweetmap {

namespace {

struct RawList {
  const char* lang;
  const char* words;  // each word followed by '\n'
};

constexpr RawList kLists[] = {
#include "trends/stopwords_table.inc"
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
        std::string w = casefold(rest.substr(0, nl));
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
