// `tweet-stream x`: authentication, rule sync and the stream, and the `x rules` commands.
#pragma once

#include <string>
#include <vector>

#include "core/status.hpp"
#include "x/read_budget.hpp"
#include "x/rules.hpp"
#include "x/stream.hpp"

namespace tweetmap {

/// Options of `tweet-stream x` (besides the common filters and output options).
struct XSourceOptions {
  std::string api_base = std::string(kDefaultApiBase);
  std::string bearer_token_file;  ///< empty: X_BEARER_TOKEN
  std::string track;              ///< --track: also synced as rules
  std::string rules_file;         ///< --rules-file
  RuleOperators ops;              ///< filters pushed into the rules as operators
  bool replace_rules = false;     ///< delete every other rule too
  bool dry_run = false;           ///< print the rule plan, change nothing, do not stream
  int max_retries = -1;           ///< -1: unlimited
  double max_backoff_s = 0;       ///< 0: the documented caps
  bool http1 = false;             ///< HTTP/1.1 only
  std::string max_reads;          ///< --max-reads N, N/day or N/month; empty: no budget
  std::string budget_file;        ///< --budget-file; empty: default_budget_path()
};

/// The rules the options ask for (from --track and --rules-file), with managed tags and the
/// operators of `ops` appended to each. Errors are kUsage and name the option or the file line.
Result<std::vector<XRule>> desired_rules(const XSourceOptions& o);

/// Checks the options, loads the token, builds the API configuration.
Result<XApiConfig> make_api_config(const std::string& api_base, const std::string& token_file);

/// Runs `tweet-stream x`: syncs the rules when --track/--rules-file/--replace-rules ask for it
/// (with --dry-run: prints the plan to `plan_out` and returns), then streams into `sink` with
/// the reconnect policy (see run_x_stream). With --max-reads, the budget file is read first: a
/// corrupt one is a kIo error and a spent budget ends with kBudgetSpent before any request.
/// TWEETMAP_TIME_SCALE scales waits for tests.
Status run_x_source(const XSourceOptions& o, StreamSink& sink, std::string& plan_out);

/// `tweet-stream x rules VERB ARGS...`: "list" (one JSON line per rule), "add" RULE... (with
/// `tag`; prints the created rules), "delete" ID-OR-VALUE..., "clear" (every rule, or only this
/// tool's with `managed_only`). What to print on stdout is appended to `out`.
Status run_rules_command(const std::string& verb, const std::vector<std::string>& args,
                         const std::string& tag, bool managed_only, bool dry_run,
                         const XApiConfig& api, std::string& out);

}  // namespace tweetmap
