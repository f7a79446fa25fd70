// The lookup key of a place name: the same folding as scripts/gen-geocode applies to the table.
#pragma once

#include <string>
#include <string_view>

namespace tweetmap::geocode {

/// NFKC, case folding, the Latin/Greek/Cyrillic diacritics U+0300..U+036F dropped, and every run
/// of characters other than letters, marks and digits collapsed into one space (none at either
/// end): "São Paulo!" -> "sao paulo", "ÜBERLINGEN" -> "uberlingen". Empty when `s` is not valid
/// UTF-8 or folds to nothing. Inputs longer than kMaxKeyInput bytes give an empty key.
std::string fold_key(std::string_view s);

inline constexpr size_t kMaxKeyInput = 4096;

}  // namespace tweetmap::geocode
