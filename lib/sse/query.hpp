// Parsing of what an SSE client asks for: the query string, the event id it resumes from and its
// per-client filters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/filter.hpp"
#include "core/status.hpp"

namespace tweetmap {

/// True for an SSE event type name: 1-64 of [A-Za-z0-9_.-] (the hub's input `type` and the
/// `types=` of a request follow the same rule).
bool valid_type_name(std::string_view s);

/// Decodes %XX escapes (and '+' as a space when `plus_is_space`). Errors (kParse) on a truncated or
/// non-hex escape and on an encoded NUL byte.
Result<std::string> percent_decode(std::string_view s, bool plus_is_space);

/// Splits "a=1&b=x%20y" into decoded (name, value) pairs, in order. A name without '=' has an
/// empty value. Errors (kParse) name the bad parameter.
Result<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view query);

/// An event id "<epoch>-<seq>" as sent in `id:` lines.
struct EventId {
  uint64_t epoch = 0;
  uint64_t seq = 0;
  bool operator==(const EventId&) const = default;
};
/// Parses "<epoch>-<seq>" (decimal). nullopt on anything else.
std::optional<EventId> parse_event_id(std::string_view s);
/// Formats an EventId as "<epoch>-<seq>".
std::string format_event_id(const EventId& id);

/// What one /events client asked for. Plain value; the Filter inside is immutable.
struct ClientRequest {
  Filter filter;                   ///< track= / bbox= / geo= / lang= / reposts= (posts only)
  bool filter_empty = true;        ///< true when filter matches every post
  std::vector<std::string> types;  ///< types= (empty: every type)
  std::string last_event_id_raw;   ///< Last-Event-ID header or last_event_id= ("" = none)
  std::optional<double> since_s;   ///< since=SECONDS of history for a new client
  std::string token;               ///< token= (checked against --token-file)
  bool has_token_param = false;    ///< token= was present
  /// True when an event of `type` (and, for posts, record `r`) is wanted by this client.
  bool wants(std::string_view type, const Record& r) const;
};

/// Builds a ClientRequest from the query string and the Last-Event-ID header value (the header
/// wins over the parameter). Unknown parameters are ignored (cache busters). Errors (kUsage) name
/// the parameter: a bad track/bbox/geo/lang/reposts/types/since
/// value.
Result<ClientRequest> parse_client_request(std::string_view query, std::string_view last_event_id);

/// True when `a` equals `b`, in time that depends only on the lengths (for access tokens).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace tweetmap
