// tweet-stream's `x` source on the command line: options, the rules subcommands, and the glue
// between the stream client and the shared parse/filter/write Pipeline.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/cli_common.hpp"
#include "cli/stream_cli.hpp"
#include "core/clock.hpp"
#include "core/line_io.hpp"
#include "x/source.hpp"

namespace tweetmap {

/// Everything `tweet-stream x` and `tweet-stream x rules ...` take.
struct XCliOptions {
  XSourceOptions source;
  std::string rules_verb;  ///< list | add | delete | clear (the `rules` subcommand)
  std::vector<std::string> rules_args;
  std::string rules_tag;       ///< rules add --tag
  bool rules_managed = false;  ///< rules list/clear --managed: only this tool's rules
  CLI::App* cmd = nullptr;
  CLI::App* rules_cmd = nullptr;
};

/// Adds the `x` subcommand (and `x rules`) to `app`. The shared --track / --locations / filters
/// stay on the top-level app (add_stream_options): --track is also synced as rules.
CLI::App* add_x_command(CLI::App& app, XCliOptions& o);

/// Runs `x` or `x rules ...` with the shared options, writing to `out`.
Status run_x(XCliOptions& o, const StreamOptions& so, const CommonOptions& co, OutputSink& out,
             Clock& clock);

}  // namespace tweetmap
