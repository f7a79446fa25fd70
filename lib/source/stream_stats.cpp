#include "source/stream_stats.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "core/log.hpp"
#include "source/compressed_source.hpp"

namespace tweetmap {
namespace {

constexpr uint64_t kProgressMinBytes = 32ull << 20;  // smaller files finish before it matters

std::string human_count(double n) {
  if (n < 10000) return fmt::format("{:.0f}", n);
  if (n < 10e6) return fmt::format("{:.1f}k", n / 1e3);
  return fmt::format("{:.2f}M", n / 1e6);
}

}  // namespace

std::string format_stats(const StreamCounters& c, const StreamCounters& p, int64_t interval_ms) {
  std::string s = fmt::format(
      "in={} out={} filtered={} control={} blank={} malformed={} bytes_in={} bytes_out={} "
      "geo_profile={} geo_text={}",
      c.posts, c.out, c.filtered, c.control, c.blank, c.malformed, c.bytes_in, c.bytes_out,
      c.geo_profile, c.geo_text);
  if (c.budget) s += fmt::format(" reads={} reads_left={}", c.reads, c.reads_left);
  if (interval_ms > 0) {
    double secs = interval_ms / 1000.0;
    s += fmt::format(" rate_in={:.0f}/s rate_out={:.0f}/s {:.1f}MiB/s", (c.posts - p.posts) / secs,
                     (c.out - p.out) / secs, (c.bytes_in - p.bytes_in) / secs / 1048576.0);
  }
  return s;
}

StatsReporter::StatsReporter(Clock& clock, double stats_seconds, bool progress)
    : clock_(clock),
      progress_(progress),
      start_ms_(clock.mono_ms()),
      stats_(start_ms_, stats_seconds) {}

void StatsReporter::set_input(const std::string& name, const DecompressingSource* src) {
  input_name_ = name;
  src_ = src;
}

void StatsReporter::tick(const StreamCounters& c) {
  if (!stats_.enabled() && !progress_) return;
  int64_t now = clock_.mono_ms();
  if (stats_.due(now)) {
    clear_progress();
    std::string line = format_stats(c, prev_, stats_.tick(now));
    if (extra_) line += " " + extra_();
    log_line("stats", line);
    prev_ = c;
  }
  if (progress_ && src_ && src_->raw_size() >= kProgressMinBytes &&
      now - last_progress_ms_ >= 250) {
    last_progress_ms_ = now;
    draw_progress(c, now);
  }
}

void StatsReporter::draw_progress(const StreamCounters& c, int64_t now) {
  double secs = (now - start_ms_) / 1000.0;
  double rate = secs > 0 ? c.posts / secs : 0;
  std::string line = fmt::format("\r{}: {}", tool_name(), input_name_);
  if (src_ && src_->raw_size() > 0) {
    double frac = static_cast<double>(src_->raw_bytes()) / static_cast<double>(src_->raw_size());
    line += fmt::format(" {:5.1f}%", frac * 100);
    if (frac > 0.01 && secs > 1) {
      auto eta = static_cast<int64_t>(secs / frac - secs);
      line += fmt::format(" eta {}:{:02}", eta / 60, eta % 60);
    }
  }
  line += fmt::format(" {} records {}/s out {}\x1b[K", human_count(static_cast<double>(c.posts)),
                      human_count(rate), human_count(static_cast<double>(c.out)));
  [[maybe_unused]] ssize_t n = ::write(2, line.data(), line.size());
  progress_shown_ = true;
}

void StatsReporter::clear_progress() {
  if (!progress_shown_) return;
  static constexpr char kClear[] = "\r\x1b[K";
  [[maybe_unused]] ssize_t n = ::write(2, kClear, sizeof kClear - 1);
  progress_shown_ = false;
}

void StatsReporter::finish(const StreamCounters& c) {
  clear_progress();
  if (stats_.enabled()) {
    std::string line = format_stats(c, prev_, stats_.tick(clock_.mono_ms()));
    if (extra_) line += " " + extra_();
    log_line("stats", line);
    prev_ = c;
  }
}

bool stderr_is_terminal() {
  if (!::isatty(2)) return false;
  const char* term = std::getenv("TERM");
  return !(term && std::strcmp(term, "dumb") == 0);
}

}  // namespace tweetmap
