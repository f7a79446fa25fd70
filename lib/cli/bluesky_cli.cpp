#include "cli/bluesky_cli.hpp"

#include <fmt/format.h>

#include "core/delay.hpp"
#include "source/pipeline.hpp"

namespace tweetmap {

namespace {

// Hands Jetstream events to the Pipeline, which parses, counts, filters and writes them.
class PipelineSink : public bluesky::EventSink {
 public:
  explicit PipelineSink(Pipeline& p) : p_(p) {}
  Status event(std::string_view msg, bool padded) override {
    return p_.feed(msg, padded, "bluesky", ++n_);
  }
  Status skipped(std::string_view why) override { return p_.skip_line("bluesky", ++n_, why); }
  Status idle() override { return p_.idle(); }
  bool done() const override { return p_.stopped(); }
  void tick() override { p_.tick(); }

 private:
  Pipeline& p_;
  uint64_t n_ = 0;  // messages, as "line numbers" in the messages about them
};

}  // namespace

CLI::App* add_bluesky_command(CLI::App& app, BlueskyCliOptions& o) {
  bluesky::SourceOptions& s = o.source;
  auto* b = app.add_subcommand(
      "bluesky",
      "The live Bluesky firehose (Jetstream over WebSocket): posts, with resume and reconnect");
  b->add_option("--jetstream", s.endpoints,
                "Jetstream URL, ws:// or wss:// (repeat for fallbacks; default: the public "
                "instances, wss://jetstream2.us-east.bsky.network/subscribe first)")
      ->option_text("URL")
      ->allow_extra_args(false);
  b->add_flag("--reposts", s.reposts,
              "Also ask for reposts (app.bsky.feed.repost): counted in --stats, not written");
  b->add_option("--cursor", o.cursor,
                "Start at this Jetstream cursor (microseconds since the epoch; Jetstream keeps "
                "about 36 hours)")
      ->option_text("US");
  b->add_option("--since", o.since, "Start this long ago: 90s, 10m, 2h, 1d")
      ->option_text("DURATION");
  b->add_option("--max-retries", s.max_retries,
                "Give up after N failed attempts in a row, of any kind (default: never)")
      ->check(CLI::Range(0, 1000000))
      ->option_text("N");
  b->add_option("--max-backoff", s.max_backoff_s,
                "Wait at most SECONDS between attempts (default 60)")
      ->check(CLI::PositiveNumber)
      ->option_text("SECONDS");
  b->add_option("--stall-timeout", s.stall_s,
                "Reconnect when no message came for SECONDS (default 30)")
      ->check(CLI::Range(0.001, 86400.0))
      ->option_text("SECONDS");
  b->add_option("--connect-timeout", s.open_timeout_s,
                "Give up an attempt whose connect, TLS and upgrade take longer (default 10)")
      ->check(CLI::Range(0.001, 3600.0))
      ->option_text("SECONDS");
  b->add_option("--max-message", s.max_message_bytes,
                "Skip (and count) messages longer than BYTES (default 1048576)")
      ->check(CLI::Range(static_cast<size_t>(1024), static_cast<size_t>(1) << 30))
      ->option_text("BYTES");
  b->fallthrough();
  o.cmd = b;
  return b;
}

Status run_bluesky(BlueskyCliOptions& o, const StreamOptions& so, const CommonOptions& co,
                   OutputSink& out, Clock& clock) {
  if (!o.cursor.empty() && !o.since.empty())
    return usage_error("give --cursor or --since, not both");
  if (!o.cursor.empty()) {
    if (o.cursor.size() > 18 || o.cursor.find_first_not_of("0123456789") != std::string::npos)
      return usage_error(
          fmt::format("--cursor {}: expected microseconds since the epoch", o.cursor));
    o.source.cursor_us = std::stoll(o.cursor);
  }
  if (!o.since.empty()) {
    auto ms = bluesky::parse_duration_ms(o.since);
    if (!ms) return ms.status();
    o.source.since_ms = *ms;
  }
  for (const auto& url : o.source.endpoints) {
    auto e = bluesky::parse_endpoint(url);
    if (!e) return e.status();
  }
  auto scale = time_scale_from_env();
  if (!scale) return scale.status();
  auto p = make_pipeline("bluesky", so, co, 0.0, out, clock);
  if (!p) return p.status();
  bluesky::SourceCounters counters;
  (*p)->reporter().set_extra([&counters] { return bluesky::format_source_stats(counters); });
  PipelineSink sink(**p);
  Status st = bluesky::run_source(o.source, *scale, clock, sink, counters);
  Status fin = (*p)->finish();
  if ((*p)->output_failed()) return fin.is_ok() ? st : fin;
  return st.is_ok() ? fin : st;
}

}  // namespace tweetmap
