// The Mastodon streaming API client: one long-lived Server-Sent Events response per connection
// (GET {instance}/api/v1/streaming/..., the token as a bearer header), its events turned into
// statuses for the pipeline and counters, with the reconnect policy of the X client (backoff.hpp)
// plus jitter around it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "mastodon/event.hpp"
#include "mastodon/stream_spec.hpp"
#include "x/backoff.hpp"

namespace tweetmap {

/// Receives what the stream delivers. Called on the stream's thread only.
class MastodonSink {
 public:
  virtual ~MastodonSink() = default;
  /// The status JSON of one `update` event (seen for the first time). A non-ok Status ends the
  /// stream with it.
  virtual Status status(std::string_view json) = 0;
  /// An event (or line) over the size limit was dropped, or an event was cut off by a drop.
  virtual Status skipped(std::string_view why) = 0;
  /// No further event is ready right now: write out what is buffered.
  virtual Status idle() = 0;
  /// True when no more input is wanted (e.g. --count reached): the stream ends with success.
  virtual bool done() const = 0;
  /// Called about once a second while connected, even when nothing arrives (periodic --stats).
  virtual void tick() {}
};

/// Stream settings.
struct MastodonStreamOptions {
  std::string instance;  ///< normalized (normalize_instance)
  MastodonStream stream;
  std::string token;  ///< empty: no Authorization header (servers that allow it)
  BackoffLimits limits;
  /// Multiplies every wait (backoff delays, the stall timeout) for tests; 1 in real use.
  double time_scale = 1.0;
  /// No byte for this long: drop and reconnect. Mastodon sends a heartbeat every 15 s.
  int64_t stall_ms = 45000;
  size_t max_event_bytes = 1 << 20;      ///< longer events (and lines) are dropped and reported
  MastodonCounters* counters = nullptr;  ///< where to count; nullptr: nowhere
  Clock* clock = nullptr;                ///< nullptr: SystemClock
};

/// The delay actually waited for a backoff delay of `delay_ms`: delay_ms plus up to half of it
/// again, `unit` (in [0, 1)) choosing where, so that many clients dropped at once by one server do
/// not come back in step.
int64_t jittered_delay_ms(int64_t delay_ms, double unit);

/// Connects to {instance}{stream.path} and feeds `sink` until it is done, a stop is requested
/// (SIGINT/SIGTERM: returns ok; run_tool turns it into 130), a fatal error (401/403: kAuth, never
/// retried; other 4xx or a response that is not text/event-stream: kNetwork) or the retry limits
/// are exhausted (kNetwork). Messages never contain the token. Each reconnect decision is one
/// line on stderr.
Status run_mastodon_stream(const MastodonStreamOptions& options, MastodonSink& sink);

}  // namespace tweetmap
