// What the stream client needs to know of one Jetstream event before the post parser sees it:
// its relay time (the resume cursor), its kind (the --stats counts) and, for a post, its AT URI
// (the de-duplication over a resumed connection's overlap).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tweetmap::bluesky {

/// The kinds counted apart in --stats.
enum class EventKind {
  kPost,      ///< a create commit of app.bsky.feed.post
  kRepost,    ///< a create commit of app.bsky.feed.repost
  kDelete,    ///< a delete commit (any collection)
  kUpdate,    ///< an update commit (any collection)
  kIdentity,  ///< kind "identity" (handle changes)
  kAccount,   ///< kind "account" (activation, takedown)
  kOther,     ///< any other commit collection, an unknown kind, or not a JSON object
};

/// The facts of one event. Plain value type.
struct EventFacts {
  EventKind kind = EventKind::kOther;
  int64_t time_us = 0;  ///< 0 when missing or not an integer
  std::string uri;      ///< kPost / kRepost: at://DID/COLLECTION/RKEY (empty without did or rkey)
};

/// Reads the facts of `msg` (one WebSocket text message). Never fails: what it cannot read is
/// kOther with time_us 0 (the post parser then reports a malformed line).
EventFacts event_facts(std::string_view msg);

/// "post", "repost", "delete", ... for messages.
std::string_view kind_name(EventKind k);

}  // namespace tweetmap::bluesky
