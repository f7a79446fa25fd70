#include "core/text.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <string_view>
#include <vector>

using namespace tweetmap;

TEST_CASE("case folding: ASCII, German, Greek, Turkish") {
  CHECK(casefold("Hello WORLD_1") == "hello world_1");
  CHECK(casefold("Straße") == "strasse");
  CHECK(casefold("STRASSE") == "strasse");
  CHECK(casefold("ΣΟΦΟΣ") == casefold("σοφος"));  // final sigma folds like sigma
  CHECK(casefold("ΣΟΦΟΣ") == "σοφοσ");
  CHECK(casefold("İstanbul") == "istanbul");
  CHECK(casefold("ISTANBUL") == "istanbul");
  CHECK(casefold("ıspanak") == "ıspanak");  // dotless i stays distinct
  CHECK(casefold("ＡＢＣ") == "ａｂｃ");    // full-width letters fold to full-width
  // NFC: "e" + combining acute becomes the precomposed "é".
  CHECK(casefold("E\xCC\x81") == "\xC3\xA9");
  CHECK(casefold("地震") == "地震");
}

TEST_CASE("case folding repairs invalid UTF-8") {
  CHECK(casefold(std::string("A\xff\xC3\x89")) == "a\xEF\xBF\xBD\xC3\xA9");
}

TEST_CASE("HTML entities: only &amp, &lt, &gt,") {
  CHECK(html_unescape("a &amp; b &lt;c&gt;") == "a & b <c>");
  CHECK(html_unescape("&amp;lt;") == "&lt;");  // one level only
  CHECK(html_unescape("&quot;x&quot; &#39; & &am") == "&quot;x&quot; &#39; & &am");
  CHECK(has_html_entity("x &gt; y"));
  CHECK_FALSE(has_html_entity("x & y"));
}

TEST_CASE("word tokenizer") {
  auto w = folded_words("Hello, World! #Tag @user http://t.co/x café_1 2015");
  std::vector<std::string> expect = {"hello", "world", "tag", "user",   "http",
                                     "t",     "co",    "x",   "café_1", "2015"};
  CHECK(w == expect);
  CHECK(folded_words("Straße über") == std::vector<std::string>{"strasse", "über"});
  CHECK(folded_words("...").empty());
  // Combining marks stay inside the word (Devanagari).
  CHECK(folded_words("नमस्ते दुनिया").size() == 2);
}

TEST_CASE("unspaced scripts") {
  CHECK(has_unspaced_text("東京で地震"));
  CHECK(has_unspaced_text("ภาษาไทย"));
  CHECK_FALSE(has_unspaced_text("한국어 텍스트"));  // Korean separates words by spaces
  CHECK_FALSE(has_unspaced_text("plain"));
}

TEST_CASE("hex_value: the sixteen digits in both cases, -1 for anything else") {
  const char* digits = "0123456789abcdef";
  for (int i = 0; i < 16; ++i) {
    CHECK(hex_value(digits[i]) == i);
    CHECK(hex_value(static_cast<char>(std::toupper(digits[i]))) == i);
  }
  for (char c : {'g', 'G', '/', ':', '@', '`', ' ', '\0', '\xff'}) CHECK(hex_value(c) == -1);
}

TEST_CASE("split_list: items in order, spaces trimmed on request, empty items dropped") {
  using V = std::vector<std::string_view>;
  CHECK(split_list("a,b,c") == V{"a", "b", "c"});
  CHECK(split_list(" a , b ,c ") == V{"a", "b", "c"});
  CHECK(split_list("a,, ,b,") == V{"a", "b"});
  CHECK(split_list("").empty());
  CHECK(split_list(",").empty());
  CHECK(split_list(" a , b", false) == V{" a ", " b"});
  CHECK(split_list("a,,b,", false) == V{"a", "b"});
  CHECK(split_list("a, ,b", false) == V{"a", " ", "b"});
}
