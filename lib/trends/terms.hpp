// Which terms of a post count for trends: its hashtags, and optionally the words of its text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"

namespace tweetmap {

/// What tweet-trends counts.
enum class TermMode {
  kHashtags,  ///< the record's `tags` (already case-folded)
  kWords      ///< hashtags plus the words of `text` (case-folded, stop words removed)
};

/// One term of a post. `text` stays valid until the next extract() call.
struct Term {
  std::string_view text;
  bool word = false;  ///< a word of the text (false: a hashtag)
};

/// Extracts the terms of a post, each at most once. Reuses its buffers; one per thread.
class TermExtractor {
 public:
  /// At most `max_words` words are taken from one text (bounds the work per post).
  explicit TermExtractor(TermMode mode, size_t max_words = 32);
  /// Replaces `out` with the record's terms: hashtags first, then words in order of first use.
  void extract(const Record& r, std::vector<Term>& out);

 private:
  TermMode mode_;
  size_t max_words_;
  std::vector<std::string> words_;
};

}  // namespace tweetmap
