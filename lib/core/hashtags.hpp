// Hashtags of a post: case-folded, de-duplicated, in order of first use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tweetmap {

/// Case-folds `tag` (a leading '#' or '＃' is dropped) and appends it to `tags` unless it is empty
/// or already there. Keeps first-use order.
void add_hashtag(std::string_view tag, std::vector<std::string>& tags);

/// Finds the hashtags written in `text` (for sources without entities) and adds them with
/// add_hashtag. A hashtag is '#' (or the full-width '＃') not preceded by a word character or
/// '&', followed by word characters of which at least one is not a digit ("#2015" is no tag).
void extract_hashtags(std::string_view text, std::vector<std::string>& tags);

}  // namespace tweetmap
