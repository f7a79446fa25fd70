#include "cli/mastodon_cli.hpp"

#include "core/log.hpp"
#include "source/pipeline.hpp"
#include "x/stream.hpp"

namespace tweetmap {

namespace {

// Hands statuses to the Pipeline: records are written as they arrive and flushed whenever no
// further event is ready.
class PipelineSink : public MastodonSink {
 public:
  explicit PipelineSink(Pipeline& p) : p_(p) {}
  Status status(std::string_view json) override {
    return p_.feed(json, false, "mastodon", ++event_no_);
  }
  Status skipped(std::string_view why) override {
    return p_.skip_line("mastodon", ++event_no_, why);
  }
  Status idle() override { return p_.idle(); }
  bool done() const override { return p_.stopped(); }
  void tick() override { p_.tick(); }

 private:
  Pipeline& p_;
  uint64_t event_no_ = 0;
};

}  // namespace

CLI::App* add_mastodon_command(CLI::App& app, MastodonSourceOptions& o) {
  auto* m = app.add_subcommand(
      "mastodon",
      "The live Mastodon streaming API (Server-Sent Events) of one server: its public, local, "
      "remote, hashtag or user timeline");
  m->add_option("--instance", o.instance, "The server, e.g. https://mastodon.social")
      ->required()
      ->option_text("URL");
  m->add_option("--stream", o.stream,
                "public (default), public:local, public:remote, hashtag:TAG, "
                "hashtag:local:TAG, user, user:notification, list:ID, direct (…:media too)")
      ->option_text("STREAM");
  m->add_option("--token-file", o.token_file,
                "Read the access token from FILE (default: $MASTODON_TOKEN; never from argv)")
      ->option_text("FILE");
  m->add_flag("--dry-run", o.dry_run,
              "Print the URL and where the token comes from (never the token), then exit");
  m->add_option("--max-retries", o.max_retries,
                "Give up after N failed attempts in a row, of any kind (default: never)")
      ->check(CLI::Range(0, 1000000))
      ->option_text("N");
  m->add_option("--max-backoff", o.max_backoff_s, "Wait at most SECONDS between reconnects")
      ->check(CLI::PositiveNumber)
      ->option_text("SECONDS");
  m->fallthrough();
  return m;
}

Status run_mastodon(const MastodonSourceOptions& o, const StreamOptions& so,
                    const CommonOptions& co, OutputSink& out, Clock& clock) {
  auto scale = time_scale_from_env();
  if (!scale) return scale.status();
  auto sopts = make_mastodon_stream_options(o);
  if (!sopts) return sopts.status();
  if (o.dry_run) {
    Status w = out.write(describe_mastodon_connection(o, *sopts));
    return w ? out.flush() : w;
  }
  auto p = make_pipeline("mastodon", so, co, 0.0, out, clock);
  if (!p) return p.status();
  Pipeline& pipe = **p;
  MastodonCounters counters;
  pipe.reporter().set_extra([&counters] { return format_mastodon_counters(counters); });
  MastodonStreamOptions& mo = *sopts;
  mo.time_scale = *scale;
  mo.counters = &counters;
  mo.clock = &clock;
  PipelineSink sink(pipe);
  Status st = run_mastodon_stream(mo, sink);
  Status fin = pipe.finish();
  log_info("events: {}", format_mastodon_counters(counters));
  if (pipe.output_failed()) return fin.is_ok() ? st : fin;
  return st.is_ok() ? fin : st;
}

}  // namespace tweetmap
