// Shared CLI11 helpers: common options, --version, and mapping results to exit codes.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "core/status.hpp"
#include "core/system.hpp"

namespace tweetmap {

/// Exit statuses shared by every tool (documented in each man page).
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitBudgetSpent = 3;  ///< tweet-stream x --max-reads: the read budget is spent
constexpr int kExitInterrupted = 130;

/// Options every tool has.
struct CommonOptions {
  int verbose = 0;           ///< -v, repeatable
  bool quiet = false;        ///< -q
  double stats_seconds = 0;  ///< --stats SECONDS (0 = off)
};

/// Adds -v/--verbose, -q/--quiet, --stats SECONDS, --config FILE (TOML/INI, keys are long option
/// names) and --version (suite version and linked library versions) to `app`. `own_libraries`:
/// "name version" lines of libraries only this tool links (the Kafka tools: librdkafka), listed
/// before the ones every tool links.
void add_common_options(CLI::App& app, CommonOptions& opts, std::string own_libraries = {});

/// "tweet-stream (tweetmap) 0.1.0", then `own_libraries`, then "libcurl 7.88.1", "simdjson
/// 3.0.1", ... one a line.
std::string version_text(const std::string& tool, const std::string& own_libraries = {});

/// Runs a tool: sets the log prefix, installs signal handlers, parses argv (usage errors print
/// "<tool>: error: ..." and a pointer to --help, exit 2; --help/--version exit 0), applies
/// verbosity, then calls `body` and maps its Status: ok -> 0 (or 130 if stopped by a signal),
/// kUsage -> 2, a broken output pipe -> 0, kInterrupted -> 130, anything else -> 1 with its message
/// printed. Exceptions escaping `body` are reported as errors (exit 1), never a crash.
int run_tool(CLI::App& app, int argc, char** argv, const CommonOptions& opts,
             const std::function<Status()>& body);

}  // namespace tweetmap
