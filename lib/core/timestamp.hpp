// Post timestamps: the v1.1 "created_at" form and ISO-8601, to milliseconds since the epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tweetmap {

/// Days from 1970-01-01 to the given proleptic Gregorian date (negative before 1970).
/// `month` is 1..12, `day` 1..31; no validation. Pure function, thread-safe.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);

/// Parses the v1.1 form "Wed Nov 11 00:35:07 +0000 2015" (English names, any UTC offset) to ms
/// since the epoch, UTC. Independent of locale and time zone. nullopt when the text is not that
/// form or a field is out of range.
std::optional<int64_t> parse_twitter_time(std::string_view s);

/// Parses ISO-8601 "2021-04-01T15:52:31.000Z" (fraction optional, any number of digits; "Z",
/// "+hh:mm",
/// "+hhmm" or "+hh"; a space may stand for "T") to ms since the epoch, UTC. nullopt otherwise.
std::optional<int64_t> parse_iso8601_time(std::string_view s);

/// Tries both forms above.
std::optional<int64_t> parse_post_time(std::string_view s);

}  // namespace tweetmap
