// Reads Bluesky Jetstream event lines (the JSON of wss://.../subscribe, one event a line) into
// Records. Internal to the post parser (lib/source/post_parser.cpp), which hands a line over when
// its first top-level key is a Jetstream one (did, time_us, kind, commit).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <simdjson.h>

#include "core/record.hpp"
#include "source/json_fields.hpp"
#include "source/post_fields.hpp"
#include "source/post_parser.hpp"

namespace tweetmap::post_detail {

/// The collection of Bluesky posts; commits of any other collection are control lines.
inline constexpr std::string_view kBlueskyPostCollection = "app.bsky.feed.post";

/// How far a post's createdAt may lie from the relay's time_us before time_us is used instead:
/// clients set createdAt themselves (wrong clocks, imported archives).
inline constexpr int64_t kCreatedAtMaxPastMs = 24LL * 3600 * 1000;
inline constexpr int64_t kCreatedAtMaxFutureMs = 5LL * 60 * 1000;

/// Parses the padded document `data` (`len` bytes, `capacity` readable) as one Jetstream event.
/// A post commit (create of app.bsky.feed.post) appends one record at out[used] (advancing
/// `used`); identity, account, delete, update and other collections set a kControl result;
/// a line without the fields a post needs sets `why` (malformed). `src` goes into the record;
/// `sc` is the parser's per-line state (reset by the caller).
simdjson::error_code parse_jetstream_event(simdjson::ondemand::parser& parser, const char* data,
                                           size_t len, size_t capacity, const std::string& src,
                                           ParsedLine& res, std::vector<Record>& out, size_t& used,
                                           std::string& why, LineState& sc);

/// The record's ts from createdAt (ms, nullopt when missing or unparsable) and the relay's time_us
/// (microseconds, <= 0 when missing): createdAt when it lies within [time - 24 h, time + 5 min],
/// else time_us; createdAt alone when there is no time_us; -1 when neither is known.
int64_t jetstream_post_time(std::optional<int64_t> created_ms, int64_t time_us);

}  // namespace tweetmap::post_detail
