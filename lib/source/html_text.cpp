#include "source/html_text.hpp"

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <memory_resource>

namespace tweetmap {

namespace {

// Elements after which the text goes on on a new line (the blocks Mastodon's sanitizer lets
// through in remote content, and div for servers that use it).
bool is_block(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      return true;
    default:
      return false;
  }
}

bool is_hidden(GumboTag t) {
  return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEMPLATE ||
         t == GUMBO_TAG_HEAD;
}

void newline(std::string& out, size_t start) {
  // No blank line at the start, and a run of block ends is one newline (as Mastodon's
  // formatter turns a run of </p> and <br> into one).
  if (out.size() > start && out.back() != '\n') out.push_back('\n');
}

void walk(const GumboNode* node, std::string& out, size_t start) {
  switch (node->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
    case GUMBO_NODE_CDATA:
      out.append(node->v.text.text);
      return;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
    case GUMBO_NODE_DOCUMENT: {
      const GumboVector* children = nullptr;
      GumboTag tag = GUMBO_TAG_UNKNOWN;
      if (node->type == GUMBO_NODE_DOCUMENT) {
        children = &node->v.document.children;
      } else {
        tag = node->v.element.tag;
        if (is_hidden(tag)) return;
        if (tag == GUMBO_TAG_BR) {
          out.push_back('\n');
          return;
        }
        children = &node->v.element.children;
      }
      for (unsigned i = 0; i < children->length; ++i)
        walk(static_cast<const GumboNode*>(children->data[i]), out, start);
      if (is_block(tag)) newline(out, start);
      return;
    }
    case GUMBO_NODE_COMMENT:
      return;
  }
}

// Gumbo allocates every node, string and vector on its own: from a per-thread arena instead of
// malloc, all of it given back at once when the fragment is read (gumbo never reallocates, and
// nothing it allocates outlives the parse).
void* arena_alloc(void* userdata, size_t size) {
  return static_cast<std::pmr::memory_resource*>(userdata)->allocate(size ? size : 1,
                                                                     alignof(std::max_align_t));
}
void arena_free(void*, void*) {}

// The arena's first block, kept from fragment to fragment (a status' content needs a few KB).
constexpr size_t kArenaBytes = 64 << 10;

}  // namespace

void append_html_text(std::string_view html, std::string& out) {
  if (html.find_first_of("<&") == std::string_view::npos) {
    out.append(html);
    return;
  }
  const size_t start = out.size();
  thread_local std::unique_ptr<char[]> first_block(new char[kArenaBytes]);
  std::pmr::monotonic_buffer_resource arena(first_block.get(), kArenaBytes);
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = arena_alloc;
  options.deallocator = arena_free;
  options.userdata = &arena;
  // Freed with the arena, so gumbo_destroy_output (a walk over every node) is not needed.
  if (GumboOutput* doc = gumbo_parse_with_options(&options, html.data(), html.size()))
    walk(doc->document, out, start);
  while (out.size() > start && out.back() == '\n') out.pop_back();
}

std::string html_text(std::string_view html) {
  std::string out;
  append_html_text(html, out);
  return out;
}

}  // namespace tweetmap
