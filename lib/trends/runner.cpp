#include "trends/runner.hpp"

#include <fmt/format.h>

#include "core/log.hpp"
#include "core/record.hpp"
#include "core/signals.hpp"
#include "core/stats_ticker.hpp"
#include "trends/input.hpp"

namespace tweetmap {

namespace {

struct RunCounters {
  uint64_t lines = 0, events = 0, blank = 0, malformed = 0, bad_positions = 0;
};

void print_stats(const RunCounters& rc, const TrendsEngine& engine, double seconds,
                 uint64_t lines_before) {
  const TrendsCounters& c = engine.counters();
  const double rate = seconds > 0 ? static_cast<double>(rc.lines - lines_before) / seconds : 0;
  log_notice(
      "stats: lines {} ({:.0f}/s) posts {} counted {} late {} no-time {} events {} malformed {} "
      "snapshots {} tracked {}",
      rc.lines, rate, c.posts, c.counted, c.late, c.no_time, rc.events, rc.malformed, c.snapshots,
      engine.tracked_keys());
}

}  // namespace

Status run_trends(const TrendsRunOptions& opts, OutputSink& out, Clock& clock) {
  TrendsEngine engine(opts.config);
  TrendInputParser parser(opts.config.terms == TermMode::kWords);
  Record rec;
  RunCounters rc;
  std::vector<std::string> inputs = opts.inputs;
  if (inputs.empty()) inputs.push_back("-");
  StatsTicker stats(clock.mono_ms(), opts.stats_seconds);
  uint64_t lines_at_stats = 0;
  bool reported_malformed = false;

  for (const std::string& path : inputs) {
    auto src = open_file_source(path);
    if (!src) return src.status();
    const std::string name = path == "-" ? "stdin" : path;
    LineReader reader(std::move(src.value()));
    std::string_view line;
    for (;;) {
      LineReader::Next next = reader.next(line);
      if (next == LineReader::Next::kEnd) break;
      if (next == LineReader::Next::kError) return reader.status();
      ++rc.lines;
      if (next == LineReader::Next::kOversized) {
        if (!reported_malformed)
          log_warning("{}:{}: line too long; skipped (further malformed lines are only counted)",
                      name, reader.line_number());
        reported_malformed = true;
        ++rc.malformed;
        continue;
      }
      if (line.find_first_not_of(" \t") == std::string_view::npos) {
        ++rc.blank;
        continue;
      }
      Status st = parser.parse(line, rec, /*padded=*/true);
      if (!st) {
        if (!reported_malformed)
          log_warning("{}:{}: malformed line ({}); skipped (further ones are only counted)", name,
                      reader.line_number(), st.message());
        reported_malformed = true;
        ++rc.malformed;
        continue;
      }
      if (parser.bad_position() && rc.bad_positions++ == 0)
        log_warning(
            "{}:{}: position out of range; the record is counted without it (further ones are "
            "only counted)",
            name, reader.line_number());
      std::string& buf = out.buffer();
      if (!rec.type.empty()) {
        ++rc.events;
      } else {
        const uint64_t late_before = engine.counters().late;
        engine.add(rec, buf);
        if (late_before == 0 && engine.counters().late == 1)
          log_warning(
              "{}:{}: record more than the allowed lateness ({} s) behind the newest; not "
              "counted (further late records are only counted)",
              name, reader.line_number(), opts.config.lateness_ms / 1000.0);
      }
      buf.append(line);
      buf += '\n';
      // Before a read that may block, hand on what is buffered: on a live stream the next
      // stage must not wait for the buffer to fill.
      if (Status w = reader.has_buffered_line() ? out.maybe_flush() : out.flush(); !w) return w;
      if (stats.enabled() && stats.due(clock.mono_ms())) {
        const int64_t elapsed = stats.tick(clock.mono_ms());
        print_stats(rc, engine, static_cast<double>(elapsed) / 1000, lines_at_stats);
        lines_at_stats = rc.lines;
      }
    }
    if (stop_requested()) break;
  }
  if (!stop_requested()) engine.finish(out.buffer());
  if (Status w = out.flush(); !w) return w;
  if (stats.enabled()) {
    print_stats(rc, engine, static_cast<double>(stats.tick(clock.mono_ms())) / 1000,
                lines_at_stats);
  }
  const TrendsCounters& c = engine.counters();
  if (rc.malformed) log_warning("{} malformed lines skipped", rc.malformed);
  if (rc.bad_positions) log_warning("{} positions out of range dropped", rc.bad_positions);
  if (c.late) log_warning("{} late records not counted", c.late);
  if (c.no_time) log_warning("{} records without a time not counted", c.no_time);
  log_info("{} lines, {} posts ({} counted), {} other events, {} snapshots written", rc.lines,
           c.posts, c.counted, rc.events, c.snapshots);
  return Status::ok();
}

}  // namespace tweetmap
