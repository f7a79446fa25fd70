// `tweet-stream bluesky`: the Jetstream firehose with resume, de-duplication and the reconnect
// policy around single connections (ws_connection.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bluesky/event_facts.hpp"
#include "bluesky/reconnect.hpp"
#include "core/clock.hpp"
#include "core/status.hpp"

namespace tweetmap::bluesky {

/// Options of `tweet-stream bluesky` (besides the common filters and output options).
struct SourceOptions {
  std::vector<std::string> endpoints;  ///< --jetstream URL...; empty: the public instances
  bool reposts = false;                ///< also ask for app.bsky.feed.repost (counted only)
  std::optional<int64_t> cursor_us;    ///< --cursor: start here (µs since the epoch)
  int64_t since_ms = 0;                ///< --since: start this long ago (0: live)
  int max_retries = -1;                ///< -1: unlimited
  double max_backoff_s = 0;            ///< 0: ReconnectPolicy::kMaxMs
  double stall_s = 30;                 ///< --stall-timeout
  double open_timeout_s = 10;          ///< --connect-timeout
  size_t max_message_bytes = 1 << 20;  ///< messages over this are skipped and counted
};

/// The counts of the stream's own, shown at the end of each --stats line.
struct SourceCounters {
  uint64_t identity = 0, account = 0, deletes = 0, updates = 0, other = 0;  ///< skipped events
  uint64_t reposts = 0;      ///< repost commits (with --reposts): counted, not written
  uint64_t duplicates = 0;   ///< posts of a resumed connection's overlap already written
  uint64_t skipped = 0;      ///< binary and oversized messages
  uint64_t pings = 0;        ///< pings received (answered)
  uint64_t connections = 0;  ///< connections opened
};

/// " identity=.. account=.. delete=.. update=.. other=.. reposts=.. dup=.. skipped=.. pings=..
/// connections=.." (with a leading space), appended to the --stats line.
std::string format_source_stats(const SourceCounters& c);

/// Where the events go: posts and the events the post parser counts as control lines (in
/// arrival order, each at most once), and the messages that were dropped unread.
class EventSink {
 public:
  virtual ~EventSink() = default;
  /// One event message (see MessageHandler::message for `padded`). A non-ok Status ends the
  /// stream with it.
  virtual Status event(std::string_view msg, bool padded) = 0;
  /// A message dropped unread (binary, oversized): counted and reported.
  virtual Status skipped(std::string_view why) = 0;
  virtual Status idle() = 0;
  virtual bool done() const = 0;
  virtual void tick() {}
};

/// How far before the last event's time_us a resumed connection's cursor lies.
inline constexpr int64_t kResumeOverlapUs = 5LL * 1000 * 1000;

/// The cursor of a (re)connection: `last_time_us` - kResumeOverlapUs once an event was seen,
/// else `start_us` (nullopt: live).
std::optional<int64_t> resume_cursor(int64_t last_time_us, std::optional<int64_t> start_us);

/// Parses a --since DURATION: a number with a unit s, m, h or d ("90s", "10m", "1.5h"); kUsage
/// otherwise.
Result<int64_t> parse_duration_ms(std::string_view s);

/// Runs the stream into `sink` until it is done, a stop is requested (returns ok), a fatal
/// refusal or the retry limit (kNetwork). `time_scale` multiplies every wait and timeout (tests);
/// messages keep the unscaled values. `counters` is updated as events arrive.
Status run_source(const SourceOptions& o, double time_scale, Clock& clock, EventSink& sink,
                  SourceCounters& counters);

}  // namespace tweetmap::bluesky
