// Word lists of the synthetic firehose: hashtags, burst topics, phrases and names.
#pragma once

#include <span>
#include <string_view>

namespace tweetmap {

/// Everyday hashtags (display form, no '#'), most popular first: synth draws them with a Zipf-like
/// popularity by rank. Multilingual on purpose.
std::span<const std::string_view> synth_common_tags();

/// Topics that burst in one place for a while (earthquakes, blackouts, concerts, ...). None of
/// them folds to a common tag.
std::span<const std::string_view> synth_burst_tags();

/// A few everyday phrases in `lang` (BCP-47 primary tag); empty when synth has none for it.
std::span<const std::string_view> synth_phrases(std::string_view lang);

/// Given names, family names and handle syllables for synthetic authors.
std::span<const std::string_view> synth_given_names();
std::span<const std::string_view> synth_family_names();
std::span<const std::string_view> synth_handle_words();

}  // namespace tweetmap
