#include "cli/x_cli.hpp"

#include <fmt/format.h>

#include "core/filter.hpp"
#include "core/log.hpp"
#include "source/pipeline.hpp"

namespace tweetmap {

namespace {

// Hands stream lines to the Pipeline: records are written as they arrive and flushed whenever
// no further line is ready.
class PipelineSink : public StreamSink {
 public:
  explicit PipelineSink(Pipeline& p) : p_(p) {}
  Status line(std::string_view line, bool padded, bool& reconnect, std::string& why) override {
    Status st = p_.feed(line, padded, "x", ++line_no_);
    const ParsedLine& parsed = p_.last_line();
    if (parsed.kind == LineKind::kControl && parsed.disconnect) {
      reconnect = true;
      why = parsed.message.empty() ? "operational-disconnect" : parsed.message;
    }
    return st;
  }
  Status skipped_line(std::string_view reason) override {
    return p_.skip_line("x", ++line_no_, reason);
  }
  Status idle() override { return p_.idle(); }
  bool done() const override { return p_.stopped(); }
  void tick() override { p_.tick(); }
  void reads(uint64_t used, uint64_t left) override { p_.set_reads(used, left); }

 private:
  Pipeline& p_;
  uint64_t line_no_ = 0;
};

}  // namespace

CLI::App* add_x_command(CLI::App& app, XCliOptions& o) {
  XSourceOptions& s = o.source;
  auto* x = app.add_subcommand(
      "x",
      "The live X API v2 filtered stream; --track and --rules-file are synced as rules, and the "
      "server's match is authoritative");
  x->add_option("--api-base", s.api_base, "API server (default https://api.x.com)")
      ->option_text("URL");
  x->add_option("--bearer-token-file", s.bearer_token_file,
                "Read the bearer token from FILE (default: $X_BEARER_TOKEN)")
      ->option_text("FILE");
  x->add_option("--rules-file", s.rules_file,
                "Sync these rules too: one per line, optionally 'TAG: RULE'")
      ->option_text("FILE");
  x->add_flag("--replace-rules", s.replace_rules,
              "Delete every other rule on the stream, not only stale ones this tool added");
  x->add_flag("--dry-run", s.dry_run, "Print the rule changes a sync would make, then exit");
  x->add_option("--max-retries", s.max_retries,
                "Give up after N failed attempts in a row, of any kind (default: never)")
      ->check(CLI::Range(0, 1000000))
      ->option_text("N");
  x->add_option("--max-backoff", s.max_backoff_s, "Wait at most SECONDS between reconnects")
      ->check(CLI::PositiveNumber)
      ->option_text("SECONDS");
  x->add_option("--max-reads", s.max_reads,
                "Read at most N posts (N, N/day or N/month, UTC), counted in --budget-file "
                "across runs and processes; then close and exit 3")
      ->option_text("N[/day|/month]");
  x->add_option("--budget-file", s.budget_file,
                "Where --max-reads counts (default $XDG_STATE_HOME/tweetmap/x-reads, else "
                "~/.local/state/tweetmap/x-reads)")
      ->option_text("PATH");
  x->add_flag("--http1.1", s.http1,
              "Use HTTP/1.1 only (default: HTTP/2 when the server offers it)");
  x->fallthrough();
  o.cmd = x;

  auto* r =
      x->add_subcommand("rules", "Manage the stream's rules by hand: list, add, delete, clear");
  r->add_option("command", o.rules_verb, "list | add RULE... | delete ID-OR-RULE... | clear")
      ->required()
      ->check(CLI::IsMember({"list", "add", "delete", "clear"}))
      ->option_text("COMMAND");
  r->add_option("args", o.rules_args, "Rules (add) or rule ids/values (delete)")
      ->option_text("ARG...");
  r->add_option("--tag", o.rules_tag, "add: tag the new rules with TAG")->option_text("TAG");
  r->add_flag("--managed", o.rules_managed,
              "list/clear: only the rules this tool added (tag 'tweetmap...')");
  r->fallthrough();
  o.rules_cmd = r;
  return x;
}

Status run_x(XCliOptions& o, const StreamOptions& so, const CommonOptions& co, OutputSink& out,
             Clock& clock) {
  // Filters with a rule operator are pushed to the server (and still applied here).
  if (auto boxes = parse_boxes(so.filter.locations); boxes) o.source.ops.boxes = std::move(*boxes);
  o.source.ops.langs = so.filter.langs;
  o.source.ops.no_retweets = so.filter.no_retweets;
  o.source.ops.has_geo = so.filter.geo_only;
  if (*o.rules_cmd) {
    auto api = make_api_config(o.source.api_base, o.source.bearer_token_file);
    if (!api) return api.status();
    std::string text;
    Status st = run_rules_command(o.rules_verb, o.rules_args, o.rules_tag, o.rules_managed,
                                  o.source.dry_run, *api, text);
    if (!text.empty()) {
      Status w = out.write(text);
      if (w) w = out.flush();
      if (!w) return w;
    }
    return st;
  }
  o.source.track = so.filter.track;
  // The server's match is authoritative: --track became rules, and X matches them against more
  // than the visible text (expanded URLs, the full text of a repost, note_tweet bodies, its own
  // tokenization). Applying --track again here would drop posts that X matched and billed.
  StreamOptions local = so;
  local.filter.track.clear();
  auto p = make_pipeline("x", local, co, 0.0, out, clock);
  if (!p) return p.status();
  PipelineSink sink(**p);
  std::string plan;
  Status st = run_x_source(o.source, sink, plan);
  if (!plan.empty()) {
    Status w = out.write(plan);
    if (!w) return w;
  }
  Status fin = (*p)->finish();
  if ((*p)->output_failed()) return fin.is_ok() ? st : fin;
  return st.is_ok() ? fin : st;
}

}  // namespace tweetmap
