#include "cli/cli_common.hpp"

#include <fmt/format.h>
#include <simdjson.h>
#include <utf8proc.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <boost/version.hpp>
#include <regex>

#include "core/log.hpp"
#include "core/signals.hpp"
#include "x/curl_library.hpp"

namespace tweetmap {

std::string version_text(const std::string& tool, const std::string& own_libraries) {
  return fmt::format(
      "{} (tweetmap) {}\n{}{}"
      "libcurl {}\nsimdjson {}\nutf8proc {}\nfmt {}.{}.{}\nboost {}.{}.{}\n"
      "zlib {}\nzstd {}",
      tool, TWEETMAP_VERSION, own_libraries, own_libraries.empty() ? "" : "\n", curl::version(),
      SIMDJSON_STRINGIFY(SIMDJSON_VERSION), utf8proc_version(), FMT_VERSION / 10000,
      FMT_VERSION / 100 % 100, FMT_VERSION % 100, BOOST_VERSION / 100000,
      BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100, zlibVersion(), ZSTD_versionString());
}

void add_common_options(CLI::App& app, CommonOptions& opts, std::string own_libraries) {
  app.add_flag("-v,--verbose", opts.verbose, "More diagnostics on stderr (repeat for debug)");
  app.add_flag("-q,--quiet", opts.quiet, "Only errors on stderr");
  app.add_option("--stats", opts.stats_seconds,
                 "Print a line of counters and rates to stderr every SECONDS")
      ->check(CLI::NonNegativeNumber);
  app.set_config("--config", "", "Read options from a TOML/INI file (keys are long option names)");
  std::string name = app.get_name();
  app.set_version_flag(
      "--version", [name, own_libraries] { return version_text(name, own_libraries); },
      "Print the version and the linked library versions");
}

int run_tool(CLI::App& app, int argc, char** argv, const CommonOptions& opts,
             const std::function<Status()>& body) {
  set_tool_name(app.get_name());
  install_signal_handlers();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    app.exit(e);
    return kExitOk;
  } catch (const CLI::CallForAllHelp& e) {
    app.exit(e);
    return kExitOk;
  } catch (const CLI::CallForVersion& e) {
    fmt::print("{}\n", e.what());
    return kExitOk;
  } catch (const CLI::ExtrasError& e) {
    // An unexpected "--name=value" may be a secret typed on the command line: name it, never
    // echo its value.
    static const std::regex kValue("(^|\\s)(-{1,2}[^\\s=]+)=\\S*");
    log_error("{}", std::regex_replace(std::string(e.what()), kValue, "$1$2=(value not shown)"));
    log_line("", fmt::format("try '{} --help' for more information", app.get_name()));
    return kExitUsage;
  } catch (const CLI::ParseError& e) {
    // CLI11's NonNegativeNumber names its upper bound, the largest double (309 digits).
    static const std::regex kHugeRange(
        "not in range (-?[0-9]+)(\\.[0-9]*)? to [0-9]{30,}(\\.[0-9]*)?");
    log_error("{}", std::regex_replace(std::string(e.what()), kHugeRange, "is less than $1"));
    log_line("", fmt::format("try '{} --help' for more information", app.get_name()));
    return kExitUsage;
  }
  if (opts.quiet)
    set_verbosity(Verbosity::kQuiet);
  else if (opts.verbose >= 2)
    set_verbosity(Verbosity::kDebug);
  else if (opts.verbose == 1)
    set_verbosity(Verbosity::kVerbose);

  Status st;
  try {
    st = body();
  } catch (const std::exception& e) {
    st = internal_error(fmt::format("internal error: {}", e.what()));
  }
  if (st.is_ok()) return stop_requested() && stop_signal() ? kExitInterrupted : kExitOk;
  switch (st.code()) {
    case ErrorCode::kUsage:
      log_error("{}", st.message());
      return kExitUsage;
    case ErrorCode::kInterrupted:
      return kExitInterrupted;
    case ErrorCode::kClosed:
      return kExitOk;
    case ErrorCode::kBudgetSpent:
      // Not an error: the one line says why the tool stopped and when it may run again.
      log_line("", st.message());
      return kExitBudgetSpent;
    default:
      log_error("{}", st.message());
      return kExitFailure;
  }
}

}  // namespace tweetmap
