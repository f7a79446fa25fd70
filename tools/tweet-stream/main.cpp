// tweet-stream: get posts (the X API, Bluesky's Jetstream, Mastodon's streaming API, replay
// archives, or synthesize them), filter them, resolve geo, and write normalized records as
// NDJSON. See man/tweet-stream.1.scd.
#include "cli/bluesky_cli.hpp"
#include "cli/cli_common.hpp"
#include "cli/mastodon_cli.hpp"
#include "cli/stream_cli.hpp"
#include "cli/x_cli.hpp"
#include "core/clock.hpp"
#include "core/line_io.hpp"

using namespace tweetmap;

int main(int argc, char** argv) {
  CLI::App app{"Get posts, filter them, resolve geo and write normalized records as NDJSON.",
               "tweet-stream"};
  CommonOptions common;
  StreamOptions stream;
  add_common_options(app, common);
  add_stream_options(app, stream);
  ReplayOptions replay;
  CLI::App* replay_cmd = add_replay_command(app, replay);
  SynthOptions synth;
  CLI::App* synth_cmd = add_synth_command(app, synth);
  XCliOptions x;
  CLI::App* x_cmd = add_x_command(app, x);
  MastodonSourceOptions mastodon;
  CLI::App* mastodon_cmd = add_mastodon_command(app, mastodon);
  BlueskyCliOptions bluesky;
  CLI::App* bluesky_cmd = add_bluesky_command(app, bluesky);
  app.require_subcommand(1);
  app.footer("Run 'tweet-stream SOURCE --help' for a source's options; see tweet-stream(1).");

  return run_tool(app, argc, argv, common, [&]() -> Status {
    OutputSink out(1, 1 << 18);
    Status st;
    if (*replay_cmd) st = run_replay(replay, stream, common, out, SystemClock::instance());
    if (*synth_cmd) st = run_synth(synth, stream, common, out, SystemClock::instance());
    if (*x_cmd) st = run_x(x, stream, common, out, SystemClock::instance());
    if (*mastodon_cmd) st = run_mastodon(mastodon, stream, common, out, SystemClock::instance());
    if (*bluesky_cmd) st = run_bluesky(bluesky, stream, common, out, SystemClock::instance());
    return st;
  });
}
