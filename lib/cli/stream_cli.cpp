#include "cli/stream_cli.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "core/log.hpp"
#include "core/signals.hpp"
#include "core/timestamp.hpp"
#include "source/synth.hpp"

namespace tweetmap {
namespace {

// A number > 0, with a short message (CLI::PositiveNumber prints the whole double range).
CLI::Validator positive_number() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        char* end = nullptr;
        double v = std::strtod(s.c_str(), &end);
        if (end == s.c_str() || *end != '\0' || !(v > 0) || v > 1e12)
          return "expected a number greater than 0, got " + s;
        return {};
      },
      "POSITIVE");
}

}  // namespace

void add_stream_options(CLI::App& app, StreamOptions& o) {
  app.add_option("--track", o.filter.track,
                 "Keep posts matching these terms (comma = OR, space = AND, v1.1 syntax)")
      ->option_text("TERMS");
  app.add_option("--locations", o.filter.locations,
                 "Keep posts inside these boxes: lon,lat,lon,lat (south-west, north-east), "
                 "several boxes in one list")
      ->option_text("BOXES");
  app.add_option("--lang", o.filter.langs, "Keep posts in these languages (repeat or comma list)")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->option_text("LANG");
  app.add_flag("--geo-only", o.filter.geo_only, "Keep only posts with a position");
  app.add_flag("--no-retweets", o.filter.no_retweets, "Drop reposts");
  app.add_option("-n,--count", o.count, "Stop after writing N records")->option_text("N");
  app.add_flag("--raw", o.raw, "Write each matching source line unchanged (replay, x, bluesky)");
  app.add_option("--geocode", o.geocode,
                 "Place posts without a position offline: from the author's profile location "
                 "(geo \"profile\"), from a place named in the text (geo \"text\"), both (all, "
                 "the default) or none")
      ->check(CLI::IsMember({"none", "profile", "text", "all"}))
      ->option_text("MODE");
}

Result<std::unique_ptr<Pipeline>> make_pipeline(const std::string& src, const StreamOptions& so,
                                                const CommonOptions& co, double speed,
                                                OutputSink& out, Clock& clock, bool wall_clock_ts,
                                                unsigned threads) {
  auto filter = Filter::make(so.filter);
  if (!filter) return filter.status();
  PipelineOptions po;
  po.count = so.count;
  po.raw = so.raw;
  po.speed = speed;
  po.wall_clock_ts = wall_clock_ts;
  po.threads = threads;
  po.stats_seconds = co.stats_seconds;
  po.progress = !co.quiet && stderr_is_terminal();
  if (auto modes = geocode::parse_geocode_modes(so.geocode)) po.geocode = *modes;
  return std::make_unique<Pipeline>(src, std::move(filter).value(), po, out, clock);
}

CLI::App* add_replay_command(CLI::App& app, ReplayOptions& o) {
  auto* sub = app.add_subcommand(
      "replay", "Replay archived v1.1/v2 JSON lines (plain, gzip, bzip2 or zstd; - is stdin)");
  sub->add_option("files", o.files, "Input files ('-' is standard input)")
      ->required()
      ->option_text("FILE...");
  sub->add_option("--speed", o.speed,
                  "Pace output by the posts' timestamps, X times real time (default: at once)")
      ->check(positive_number())
      ->option_text("X");
  sub->add_option("-j,--threads", o.threads,
                  "Parse files on N threads, output in order (default 0: one per available "
                  "core; 1: this thread only)")
      ->check(CLI::Range(0u, 256u))
      ->option_text("N");
  sub->fallthrough();
  return sub;
}

Status run_replay(const ReplayOptions& ro, const StreamOptions& so, const CommonOptions& co,
                  OutputSink& out, Clock& clock) {
  auto p = make_pipeline("replay", so, co, ro.speed, out, clock, false,
                         ro.threads > 0 ? ro.threads : available_cores());
  if (!p) return p.status();
  return replay_inputs(ro.files, **p);
}

CLI::App* add_synth_command(CLI::App& app, SynthOptions& o) {
  auto* sub = app.add_subcommand(
      "synth",
      "A synthetic firehose: city-weighted positions, Zipf-like hashtags, regional bursts");
  sub->add_option("--seed", o.seed, "Random seed: the same seed and options give the same bytes")
      ->option_text("N");
  sub->add_option("--rate", o.rate, "Records per second, paced in real time (default: unpaced)")
      ->check(positive_number())
      ->option_text("R");
  sub->add_flag("--unpaced", o.unpaced,
                "With --rate: space timestamps at R per second but do not wait");
  sub->add_option("--duration", o.duration, "Stop after SECONDS of event time")
      ->check(positive_number())
      ->option_text("SECONDS");
  sub->add_option("--start", o.start,
                  "Event time of the first record: now, epoch seconds or ISO-8601 UTC "
                  "(default: 2024-01-01T00:00:00Z unpaced, now paced)")
      ->option_text("TIME");
  sub->add_option("--backfill", o.backfill,
                  "With --rate: first write the last DURATION of event time at once (timestamps "
                  "from now-DURATION, in order), then go on live")
      ->option_text("DURATION");
  sub->add_option("--burst-interval", o.burst_interval,
                  "Mean event seconds between regional bursts (0: no bursts)")
      ->check(CLI::NonNegativeNumber)
      ->option_text("SECONDS");
  sub->add_option("--truth", o.truth, "Write the injected bursts to FILE as JSON lines")
      ->option_text("FILE");
  sub->fallthrough();
  return sub;
}

Result<int64_t> parse_duration_ms(const std::string& s, const char* option) {
  double unit = 1000;
  std::string num = s;
  if (!num.empty() && (num.back() == 's' || num.back() == 'm' || num.back() == 'h')) {
    unit = num.back() == 's' ? 1000 : num.back() == 'm' ? 60'000 : 3'600'000;
    num.pop_back();
  }
  double v = 0;
  auto r = std::from_chars(num.data(), num.data() + num.size(), v);
  const double ms = v * unit;
  if (num.empty() || r.ec != std::errc{} || r.ptr != num.data() + num.size() || !(ms >= 1) ||
      ms > 7 * 86'400'000.0)
    return usage_error(fmt::format(
        "{} {}: expected a duration up to 7 days: seconds, or a number and s, m or h (10m)", option,
        s));
  return static_cast<int64_t>(ms);
}

Result<int64_t> parse_start_time(const std::string& s, Clock& clock) {
  if (s == "now") return clock.now_ms();
  if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos) {
    if (s.size() > 15) return usage_error(fmt::format("--start {}: out of range", s));
    int64_t v = std::stoll(s);
    return s.size() >= 13 ? v : v * 1000;
  }
  if (auto t = parse_iso8601_time(s)) return *t;
  return usage_error(
      fmt::format("--start {}: expected now, epoch seconds or YYYY-MM-DDTHH:MM:SSZ", s));
}

namespace {

// The --truth file: one JSON line per burst, written as each burst ends.
class TruthWriter {
 public:
  Status open(const std::string& path) {
    if (path.empty()) return Status::ok();
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) return io_error(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
    path_ = path;
    return Status::ok();
  }
  ~TruthWriter() {
    if (fd_ >= 0) ::close(fd_);
  }
  Status write(const std::vector<SynthBurst>& bursts, bool cut) {
    if (fd_ < 0 || bursts.empty()) return Status::ok();
    std::string s;
    for (const SynthBurst& b : bursts) s += burst_truth_json(b, cut);
    OutputSink sink(fd_, 0);
    Status st = sink.write(s);
    if (!st) return io_error(fmt::format("cannot write {}: {}", path_, st.message()));
    return Status::ok();
  }

 private:
  int fd_ = -1;
  std::string path_;
};

}  // namespace

Status run_synth(const SynthOptions& so, const StreamOptions& st, const CommonOptions& co,
                 OutputSink& out, Clock& clock) {
  if (st.raw) return usage_error("--raw needs a source line; synth has none");
  if (so.unpaced && so.rate <= 0) return usage_error("--unpaced needs --rate");
  bool paced = so.rate > 0 && !so.unpaced;
  SynthConfig cfg;
  cfg.seed = so.seed;
  if (so.rate > 0) cfg.density = so.rate;
  cfg.burst_interval_s = so.burst_interval;
  std::string start = so.start.empty() ? (paced ? "now" : "") : so.start;
  if (!start.empty()) {
    auto t = parse_start_time(start, clock);
    if (!t) return t.status();
    cfg.start_ms = *t;
  }
  if (!so.backfill.empty()) {
    if (!paced) return usage_error("--backfill needs --rate (and not --unpaced)");
    if (!so.start.empty() && so.start != "now")
      return usage_error("--backfill counts back from now; it cannot be used with --start");
    auto d = parse_duration_ms(so.backfill, "--backfill");
    if (!d) return d.status();
    // Stamped from now - DURATION against the wall clock: the records of the past are due at
    // once (as fast as the pipe takes them), the rest as the clock reaches them.
    cfg.start_ms -= *d;
  }
  TruthWriter truth;
  Status s = truth.open(so.truth);
  if (!s) return s;
  // From "now", records are stamped with the wall clock: each is due when the clock reaches it.
  auto p = make_pipeline("synth", st, co, paced ? 1.0 : 0.0, out, clock, start == "now");
  if (!p) return p.status();
  Pipeline& pipe = **p;
  SynthGenerator gen(cfg);
  Record r;
  int64_t end_ms =
      so.duration > 0 ? cfg.start_ms + static_cast<int64_t>(so.duration * 1000) : INT64_MAX;
  uint64_t n = 0;
  while (!pipe.done() && gen.next_ts() < end_ms) {
    gen.next(r);
    s = pipe.emit(r);
    if (!s) break;
    if ((++n & 1023) == 0 || paced) {
      s = truth.write(gen.take_finished(), false);
      if (!s) break;
    }
  }
  Status fin = pipe.finish();
  if (pipe.output_failed()) return s.is_ok() ? fin : s;
  if (!s) return s;
  // Bursts that ended with the run; ones still running are marked as cut short.
  s = truth.write(gen.take_finished(), false);
  if (!s) return s;
  s = truth.write(gen.take_running(), true);
  if (!s) return s;
  return fin;
}

}  // namespace tweetmap
