// The plain text of an HTML fragment (a Mastodon status' `content`, a profile field's `value`),
// read with a real HTML5 parser (gumbo), the way Mastodon's own plain-text formatter reads it.
#pragma once

#include <string>
#include <string_view>

namespace tweetmap {

/// Appends the text of the HTML fragment `html` to `out`: character references decoded (by the
/// HTML5 rules, so "&amp;", "&#39;", "&eacute;" and a bare "&" all read as a browser reads them),
/// tags dropped and links kept as their text (with the "invisible" spans Mastodon hides, so a
/// shortened link reads as its full URL), each `<br>` a newline and each paragraph (and other
/// block: blockquote, li, pre, headings, div) ending in a newline; newlines at the end are
/// trimmed. The content of script, style and template elements is dropped. A fragment with no
/// '<' and no '&' is copied as it is, without parsing. Never fails: broken HTML is read as
/// HTML5 reads it (unclosed tags closed, stray '<' kept as text). Thread-safe (each thread parses
/// in its own arena).
void append_html_text(std::string_view html, std::string& out);

/// The same, as a new string.
std::string html_text(std::string_view html);

}  // namespace tweetmap
