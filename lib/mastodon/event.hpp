// The events of Mastodon's streaming API (update, delete, status.update, notification, ...) and
// what the stream needs to know of a status before the parser reads it (its uri, to write a
// status seen twice across reconnects once).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tweetmap {

/// What an SSE event of the streaming API is.
enum class MastodonEventKind {
  kUpdate,  ///< "update": a new status (its JSON is the data) -> a record
  kDelete,  ///< "delete": a status id was deleted -> counted
  kEdit,    ///< "status.update": a status was edited (its new JSON) -> counted, not written
  kOther,   ///< notification, conversation, announcement, filters_changed, ... -> counted
};

MastodonEventKind classify_mastodon_event(std::string_view event);

/// The top-level "uri" of a status JSON; nullopt when it is not a JSON object with a string uri
/// (the parser then reports the line).
std::optional<std::string> mastodon_status_uri(std::string_view json);

/// What the stream saw, for --stats and the closing summary. Plain value type.
struct MastodonCounters {
  uint64_t updates = 0;     ///< update events (statuses)
  uint64_t deletes = 0;     ///< delete events
  uint64_t edits = 0;       ///< status.update events
  uint64_t other = 0;       ///< any other event
  uint64_t heartbeats = 0;  ///< ':' comment lines (Mastodon's ":thump" and ":)")
  uint64_t oversized = 0;   ///< events or lines over the limit, dropped
  uint64_t duplicates = 0;  ///< statuses already written before a reconnect, dropped
  uint64_t reconnects = 0;  ///< connections after the first
};

/// "updates=.. deletes=.. edits=.. other=.. heartbeats=.. oversized=.. duplicates=..
/// reconnects=.."
std::string format_mastodon_counters(const MastodonCounters& c);

}  // namespace tweetmap
