// tweet-stream's command line: the options every source shares and the replay/synth sources.
// A new source (e.g. `x`) adds its subcommand next to these and runs through make_pipeline().
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "cli/cli_common.hpp"
#include "core/clock.hpp"
#include "core/filter.hpp"
#include "core/line_io.hpp"
#include "source/pipeline.hpp"

namespace tweetmap {

/// The filter and output options of every tweet-stream source.
struct StreamOptions {
  FilterSpec filter;
  uint64_t count = 0;
  bool raw = false;
  std::string geocode = "all";  ///< --geocode: none, profile, text, all
};

/// Adds --track, --locations, --lang, --geo-only, --no-retweets, --count, --raw and --geocode to
/// `app`
/// (the top-level app: subcommands fall through to it, so the options go before or after the
/// subcommand).
void add_stream_options(CLI::App& app, StreamOptions& opts);

/// Builds the pipeline of a source named `src` from the shared options. `speed` > 0 paces output;
/// `wall_clock_ts`: the records are stamped with the wall clock (see Pacer). `threads`: see
/// PipelineOptions::threads. Errors (kUsage): bad --track / --locations.
Result<std::unique_ptr<Pipeline>> make_pipeline(const std::string& src, const StreamOptions& so,
                                                const CommonOptions& co, double speed,
                                                OutputSink& out, Clock& clock,
                                                bool wall_clock_ts = false, unsigned threads = 1);

/// `replay FILE...` options.
struct ReplayOptions {
  std::vector<std::string> files;
  double speed = 0;
  unsigned threads = 0;  ///< parsing threads for regular files; 0 = one per available core
};
CLI::App* add_replay_command(CLI::App& app, ReplayOptions& opts);
Status run_replay(const ReplayOptions& ro, const StreamOptions& so, const CommonOptions& co,
                  OutputSink& out, Clock& clock);

/// `synth` options.
struct SynthOptions {
  uint64_t seed = 1;
  double rate = 0;  ///< records per second; 0 = unpaced
  bool unpaced = false;
  double duration = 0;   ///< event-time seconds; 0 = no limit
  std::string start;     ///< "now", epoch seconds, or ISO-8601 UTC
  std::string backfill;  ///< --backfill DURATION ("600", "10m"): start that far before now
  double burst_interval = 120;
  std::string truth;
};
CLI::App* add_synth_command(CLI::App& app, SynthOptions& opts);
Status run_synth(const SynthOptions& so, const StreamOptions& st, const CommonOptions& co,
                 OutputSink& out, Clock& clock);

/// Parses a duration: seconds, or a number with the unit s, m or h ("90", "90s", "10m", "1.5h").
/// Errors (kUsage) name `option`; the result is in milliseconds, positive and at most 7 days.
Result<int64_t> parse_duration_ms(const std::string& s, const char* option);

/// Parses --start: "now", epoch seconds ("1704067200"), epoch ms (13 digits) or ISO-8601 UTC
/// ("2024-01-01T00:00:00Z", fractional seconds allowed). Errors are kUsage.
Result<int64_t> parse_start_time(const std::string& s, Clock& clock);

}  // namespace tweetmap
