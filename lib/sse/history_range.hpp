// GET /history: a bounded time range of the kept history, as NDJSON. What is asked (from=,
// until=, limit=, with the /events filters), how it is checked, and the answer's body and
// headers. The page's time bar scrubs with it instead of pulling the whole history.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "sse/http_server.hpp"
#include "sse/hub.hpp"

namespace tweetmap {

/// The longest range one request may ask for (an hour, the page's time bar).
inline constexpr int64_t kMaxHistoryRangeMs = 3600 * 1000;
/// Events per answer at most, and the default of limit=.
inline constexpr size_t kMaxHistoryLimit = 200000;
inline constexpr size_t kDefaultHistoryLimit = 100000;
/// Events of the range one answer looks at, at most (newest first). Their pointers are copied
/// under the hub lock (16 bytes each, about 10 ms for all) and filtered after it.
inline constexpr size_t kMaxHistoryScan = 1000000;
/// Bytes of one answer's body at most (it is cut there, with X-History-Truncated), and of every
/// answer being built or sent at once (past it: 503).
inline constexpr size_t kMaxHistoryAnswerBytes = 64u << 20;
inline constexpr size_t kMaxHistoryAnswersBytes = 256u << 20;

/// from=MS&until=MS[&limit=N]: event times (the record's `ts`, ms since the epoch), both ends
/// included.
struct HistoryRange {
  int64_t from_ms = 0;
  int64_t until_ms = 0;
  size_t limit = kDefaultHistoryLimit;
};

/// Reads from=, until= and limit= of a query string (other parameters are ignored). Errors
/// (kUsage, one line) on a missing or non-integer bound, until= before from=, a range longer
/// than kMaxHistoryRangeMs, and a limit outside 1..kMaxHistoryLimit.
Result<HistoryRange> parse_history_range(std::string_view query);

/// What the hub found for a range: the events, oldest first, and whether limit= (or the scan
/// bound) cut it.
struct HistorySlice {
  std::vector<EventPtr> events;
  bool truncated = false;
  /// Earliest and latest event time kept in the whole history (nullopt when it is empty).
  std::optional<std::pair<int64_t, int64_t>> kept;
};

/// The body of an answer: each event's input line and '\n', at most `max_bytes` (whole lines;
/// `truncated` is set when one did not fit).
std::string history_ndjson(const std::vector<EventPtr>& events, size_t max_bytes, bool& truncated);

/// Status 200, the NDJSON type, no caching, and what the history holds: X-History-Events (lines
/// in this answer), X-History-Oldest and X-History-Newest (event times kept, ms; absent when the
/// history is empty).
void set_history_headers(HttpResponse& res, const HistorySlice& slice);

/// Bytes of every /history body alive (being sent). A body made by counted_body() counts until
/// its last owner lets it go.
size_t history_answers_bytes();
std::shared_ptr<const std::string> counted_body(std::string body);

}  // namespace tweetmap
