// tweet-stream's `mastodon` source on the command line: its options and the glue between the
// streaming client and the shared parse/filter/write Pipeline.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/cli_common.hpp"
#include "cli/stream_cli.hpp"
#include "core/clock.hpp"
#include "core/line_io.hpp"
#include "mastodon/source.hpp"

namespace tweetmap {

/// Adds the `mastodon` subcommand to `app`. The shared filters stay on the top-level app
/// (add_stream_options) and are applied here, to every status.
CLI::App* add_mastodon_command(CLI::App& app, MastodonSourceOptions& o);

/// Runs `tweet-stream mastodon` with the shared options, writing to `out`.
Status run_mastodon(const MastodonSourceOptions& o, const StreamOptions& so,
                    const CommonOptions& co, OutputSink& out, Clock& clock);

}  // namespace tweetmap
