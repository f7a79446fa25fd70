// tweet-stream's `bluesky` source on the command line: options, and the glue between the
// Jetstream client (lib/bluesky/) and the shared parse/filter/write Pipeline.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "bluesky/endpoint.hpp"
#include "bluesky/source.hpp"
#include "cli/cli_common.hpp"
#include "cli/stream_cli.hpp"
#include "core/clock.hpp"
#include "core/line_io.hpp"

namespace tweetmap {

/// Everything `tweet-stream bluesky` takes besides the shared options.
struct BlueskyCliOptions {
  bluesky::SourceOptions source;
  std::string cursor;  ///< --cursor US (checked in run_bluesky)
  std::string since;   ///< --since DURATION
  CLI::App* cmd = nullptr;
};

/// Adds the `bluesky` subcommand to `app`; the filters stay on the top-level app.
CLI::App* add_bluesky_command(CLI::App& app, BlueskyCliOptions& o);

/// Runs `tweet-stream bluesky` with the shared options, writing to `out`.
Status run_bluesky(BlueskyCliOptions& o, const StreamOptions& so, const CommonOptions& co,
                   OutputSink& out, Clock& clock);

}  // namespace tweetmap
