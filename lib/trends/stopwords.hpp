// Per-language stop words (from the stopwords-iso lists; see scripts/gen-stopwords).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tweetmap {

/// Languages with a stop-word list, as ISO 639-1 codes ("ar", "de", "en", ...).
std::vector<std::string> stopword_languages();

/// True when `word` (already case-folded, see casefold() in text.hpp) is a stop word of `lang`.
/// `lang` is a BCP-47 tag; only its primary subtag counts ("pt-BR" -> "pt"). For an empty, "und" or
/// unlisted language, a word is a stop word when any list has it. Thread-safe (the tables are
/// built once, on first use).
bool is_stopword(std::string_view lang, std::string_view word);

}  // namespace tweetmap
