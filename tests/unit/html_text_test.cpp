// HTML fragments to plain text (lib/source/html_text.cpp): paragraphs and <br>, entities, links,
// Mastodon's invisible link parts, broken HTML.
#include <doctest/doctest.h>

#include <string>

#include "source/html_text.hpp"

using namespace tweetmap;

TEST_CASE("html_text: paragraphs end in a newline, <br> is one, none at the end") {
  CHECK(html_text("<p>one</p><p>two</p>") == "one\ntwo");
  CHECK(html_text("<p>a<br>b<br/>c</p>") == "a\nb\nc");
  CHECK(html_text("<p>a<br></p><p>b</p>") == "a\nb");  // a run of breaks is one newline
  CHECK(html_text("<p>last</p><p></p>") == "last");
  CHECK(html_text("<blockquote>quoted</blockquote>after") == "quoted\nafter");
  CHECK(html_text("<ul><li>x</li><li>y</li></ul>") == "x\ny");
}

TEST_CASE("html_text: character references are decoded by the HTML5 rules") {
  CHECK(html_text("<p>&quot;Q&quot; &amp; &lt;tag&gt; &#39;s&#39; &eacute; &#x1F600;</p>") ==
        "\"Q\" & <tag> 's' é 😀");
  CHECK(html_text("fish &amp chips") == "fish & chips");  // legacy reference without ';'
  CHECK(html_text("AT&T") == "AT&T");                     // a bare '&' stays
}

TEST_CASE("html_text: links are their text, hidden URL parts included") {
  CHECK(html_text("<p><a href=\"https://example.org/a/b\"><span class=\"invisible\">https://"
                  "</span><span class=\"ellipsis\">example.org/a</span><span "
                  "class=\"invisible\">/b</span></a></p>") == "https://example.org/a/b");
  CHECK(html_text("<span class=\"h-card\"><a href=\"https://m.example/@x\" class=\"u-url "
                  "mention\">@<span>x</span></a></span> hi <a href=\"https://m.example/tags/Tag\" "
                  "class=\"mention hashtag\" rel=\"tag\">#<span>Tag</span></a>") == "@x hi #Tag");
}

TEST_CASE("html_text: plain text is copied, hidden elements and comments dropped") {
  CHECK(html_text("just text") == "just text");
  CHECK(html_text("") == "");
  CHECK(html_text("a<script>alert(1)</script><style>p{}</style><!-- c -->b") == "ab");
}

TEST_CASE("html_text: broken HTML is read as a browser reads it") {
  CHECK(html_text("<p>unclosed <b>bold") == "unclosed bold");
  CHECK(html_text("1 < 2 and 3 > 2") == "1 < 2 and 3 > 2");
  CHECK(html_text("</p>stray end tags</div>") == "stray end tags");
  std::string out = "kept ";
  append_html_text("<p>x</p>", out);
  CHECK(out == "kept x");  // appends, and trims only what it wrote
}
