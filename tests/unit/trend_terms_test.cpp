#include "trends/terms.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "trends/stopwords.hpp"

using namespace tweetmap;

namespace {

std::vector<std::string> terms_of(TermMode mode, const std::string& text, const std::string& lang,
                                  std::vector<std::string> tags = {}) {
  Record r;
  r.text = text;
  r.lang = lang;
  r.tags = std::move(tags);
  TermExtractor ex(mode);
  std::vector<Term> out;
  ex.extract(r, out);
  std::vector<std::string> s;
  for (const Term& t : out) s.push_back((t.word ? "" : "#") + std::string(t.text));
  return s;
}

}  // namespace

TEST_CASE("stop words: languages and lookups") {
  auto langs = stopword_languages();
  for (const char* l : {"en", "es", "pt", "ja", "fr", "de", "ar", "id"})
    CHECK_MESSAGE(std::find(langs.begin(), langs.end(), l) != langs.end(), l);
  CHECK(is_stopword("en", "the"));
  CHECK(is_stopword("en-GB", "the"));
  CHECK_FALSE(is_stopword("en", "earthquake"));
  CHECK(is_stopword("es", "para"));
  CHECK(is_stopword("pt", "você"));
  CHECK(is_stopword("de", "und"));
  CHECK(is_stopword("fr", "avec"));
  CHECK(is_stopword("id", "yang"));
  CHECK(is_stopword("ar", "في"));
  CHECK(is_stopword("ja", "これ"));
  // Unknown languages use every list.
  CHECK(is_stopword("und", "the"));
  CHECK(is_stopword("", "und"));
}

TEST_CASE("terms: hashtags only by default") {
  CHECK(terms_of(TermMode::kHashtags, "Big storm tonight #storm", "en", {"storm"}) ==
        std::vector<std::string>{"#storm"});
}

TEST_CASE("terms: words are case-folded, without stop words, URLs, mentions, numbers") {
  auto t = terms_of(TermMode::kWords,
                    "The STORM hits @cityhall https://t.co/xyz now! 2015 storm Straße #storm a",
                    "en", {"storm"});
  CHECK(t == std::vector<std::string>{"#storm", "storm", "hits", "strasse"});
  // Spanish and German stop words go, the rest stays.
  CHECK(terms_of(TermMode::kWords, "La lluvia en Madrid", "es") ==
        std::vector<std::string>{"lluvia", "madrid"});
  CHECK(terms_of(TermMode::kWords, "Der Regen und die Stadt", "de") ==
        std::vector<std::string>{"regen", "stadt"});
  // Apostrophes inside words stay.
  CHECK(terms_of(TermMode::kWords, "l'orage arrive", "fr") ==
        std::vector<std::string>{"l'orage", "arrive"});
}

TEST_CASE("terms: Japanese is split by script, particles dropped") {
  auto t = terms_of(TermMode::kWords, "東京で地震が発生しました。テレビを見て", "ja");
  CHECK(t == std::vector<std::string>{"東京", "地震", "発生", "テレビ"});
}
