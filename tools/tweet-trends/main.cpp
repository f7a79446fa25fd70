// tweet-trends: what is trending now, and where. See man/tweet-trends.1.scd.
#include <cmath>
#include <map>

#include "cli/cli_common.hpp"
#include "core/clock.hpp"
#include "core/line_io.hpp"
#include "core/text.hpp"
#include "trends/runner.hpp"

using namespace tweetmap;

namespace {

int64_t to_ms(double seconds) { return static_cast<int64_t>(std::llround(seconds * 1000)); }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Passes normalized records through and interleaves {\"type\":\"trends\",...} snapshots of "
      "the terms trending globally, per country and per grid cell, every interval of event time.",
      "tweet-trends"};
  CommonOptions common;
  add_common_options(app, common);
  TrendsRunOptions opts;
  TrendsConfig& c = opts.config;
  double interval = 10, window = 300, baseline = 3600, lateness = 5, warmup = 120;
  std::string terms = "hashtags", scopes = "global,cc,cell";
  app.add_option("files", opts.inputs, "Input files ('-' or none: stdin)");
  app.add_option("-i,--interval", interval, "Seconds of event time between snapshots")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("-w,--window", window, "Seconds of the current window (whole intervals)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("-b,--baseline", baseline, "Horizon of the baseline in seconds (decay time)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--lateness", lateness, "Seconds a record may lag the newest and still count")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--warmup", warmup, "Seconds of baseline history needed before anything trends")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--terms", terms, "hashtags, or words (hashtags and the words of the text)")
      ->capture_default_str()
      ->check(CLI::IsMember({"hashtags", "words"}));
  app.add_option("--scopes", scopes, "Comma-separated scopes to compute: global, cc, cell")
      ->capture_default_str();
  app.add_option("-p,--cell-precision", c.cell_precision, "Geohash characters of a grid cell")
      ->capture_default_str();
  app.add_option("-n,--top", c.top, "Trends listed per scope")->capture_default_str();
  app.add_option("--regions", c.max_regions, "Countries and cells listed per snapshot (each)")
      ->capture_default_str();
  app.add_option("--where", c.where_cells, "Top cells listed per trend")->capture_default_str();
  app.add_option("-m,--min-count", c.min_count, "Least count in the window for a trend")
      ->capture_default_str();
  app.add_option("-t,--threshold", c.threshold, "Least score for a trend")->capture_default_str();
  app.add_option("--dispersion", c.score.dispersion,
                 "Extra-Poisson variance phi (a steady term must rise ~(1+t*sqrt(phi))-fold)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--capacity", c.capacity, "Tracked (region, term) keys per scope kind")
      ->capture_default_str();
  app.add_flag("--skip-retweets", c.skip_retweets, "Do not count reposts");

  return run_tool(app, argc, argv, common, [&]() -> Status {
    c.interval_ms = to_ms(interval);
    c.window_ms = to_ms(window);
    c.baseline_ms = to_ms(baseline);
    c.lateness_ms = to_ms(lateness);
    c.warmup_ms = to_ms(warmup);
    c.terms = terms == "words" ? TermMode::kWords : TermMode::kHashtags;
    c.global = c.country = c.cell = false;
    std::map<std::string, bool*> names{
        {"global", &c.global}, {"cc", &c.country}, {"country", &c.country}, {"cell", &c.cell}};
    for (auto item : split_list(scopes, false)) {
      std::string s(item);
      auto it = names.find(s);
      if (it == names.end()) return usage_error("--scopes: unknown scope '" + s + "'");
      *it->second = true;
    }
    if (Status st = validate_trends_config(c); !st) return st;
    opts.stats_seconds = common.stats_seconds;
    OutputSink out(1);
    return run_trends(opts, out, SystemClock::instance());
  });
}
