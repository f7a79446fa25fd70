// The read-parse-filter-write loop shared by every tweet-stream source (replay, synth, x).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/filter.hpp"
#include "core/line_io.hpp"
#include "core/record.hpp"
#include "geocode/geocoder.hpp"
#include "source/pacer.hpp"
#include "source/post_parser.hpp"
#include "source/stream_stats.hpp"

namespace tweetmap {

/// The per-line work of a Pipeline: parse, count, filter. The parallel replay runs one per
/// worker thread; not thread-safe itself.
class LineProcessor {
 public:
  /// `src` names the source in each record; with `raw` at most one match is kept per line (its
  /// source line is what gets written).
  /// `geocode` places the posts that carry no position (before the filters see them).
  LineProcessor(std::string src, Filter filter, bool raw, geocode::GeocodeModes geocode = {});
  /// Another processor with the same settings, for another thread.
  LineProcessor clone() const { return {src_, filter_, raw_, geocode_}; }
  /// Parses one line (see PostParser::parse for `padded`) and counts it in `c`: lines, bytes_in,
  /// blank, control, posts, filtered; not malformed, which the caller reports and counts. Then
  /// matches() holds the records to write.
  const ParsedLine& process(std::string_view line, bool padded, StreamCounters& c);
  const std::vector<const Record*>& matches() const { return matches_; }
  const ParsedLine& last() const { return last_; }
  bool raw() const { return raw_; }
  /// True when `r` passes the filters.
  bool keeps(const Record& r) const { return filter_empty_ || filter_.matches(r); }
  /// True for a control message worth a warning (stream `warning` or `errors` with a text).
  static bool worth_reporting(const ParsedLine& p);

 private:
  std::string src_;
  Filter filter_;
  bool filter_empty_;
  bool raw_;
  geocode::GeocodeModes geocode_;
  PostParser parser_;
  std::vector<Record> records_;  // kept from line to line with their buffers
  std::vector<const Record*> matches_;
  ParsedLine last_;
};

/// How a Pipeline behaves (the common options of tweet-stream).
struct PipelineOptions {
  uint64_t count = 0;          ///< stop after this many records (lines with --raw) written; 0 = all
  bool raw = false;            ///< write the matching source line unchanged instead of the record
  double speed = 0;            ///< > 0: pace output by the records' timestamps, X times real time
  bool wall_clock_ts = false;  ///< with speed: timestamps are wall-clock times (see Pacer)
  double stats_seconds = 0;    ///< > 0: a stats line on stderr every SECONDS
  bool progress = false;  ///< progress line on stderr for files over 32 MiB (caller checks the tty)
  uint64_t malformed_report_limit = 10;  ///< malformed lines reported one by one, then a summary
  /// Worker threads that parse regular files in parallel (same output, in order); <= 1: none.
  /// Not used with speed or count, which need each record in turn.
  unsigned threads = 1;
  geocode::GeocodeModes geocode;  ///< which offline geocoders place posts without a position
};

/// Parses lines into records, filters them, paces them and writes them to an OutputSink, counting
/// everything. Malformed lines are reported once each (file:line, up to a limit), stream
/// `warning`/`errors` messages are reported on stderr. Output is flushed when the input has no
/// further line ready (run()) or before a pacing sleep, so live pipelines never wait on a buffer,
/// while bursts go out in big blocks. Not thread-safe; the sink and clock must outlive it.
class Pipeline {
 public:
  /// `src` names the source in each record ("replay", "synth", "x").
  Pipeline(std::string src, Filter filter, PipelineOptions opts, OutputSink& out, Clock& clock);

  /// Reads every line of `reader` (named `input` in messages) until its end, --count, a stop
  /// request or an error. `progress_src` (may be null) gives the raw position for the progress
  /// line. Errors: the reader's (they name the input), write errors, kClosed for a closed pipe.
  Status run(LineReader& reader, const std::string& input,
             const class DecompressingSource* progress_src = nullptr);
  /// The same for `src` split into lines as LineReader does (lines over `max_line_bytes` are
  /// skipped and reported), parsing blocks of lines on opts.threads worker threads while this
  /// thread reads and writes. Output, messages and counts are those of run(). For input that is
  /// read at once (a regular file): output is written as blocks complete, not whenever the
  /// reader would wait.
  Status run_parallel(ByteSource& src, const std::string& input,
                      const class DecompressingSource* progress_src = nullptr,
                      size_t max_line_bytes = LineReader::kDefaultMaxLine);
  /// True when run_parallel() applies: several threads, no pacing, no --count.
  bool parallel() const { return opts_.threads > 1 && opts_.speed <= 0 && opts_.count == 0; }

  /// Processes one input line (without its newline). `padded`: see PostParser::parse. `input` and
  /// `line_no` locate the line in messages. Errors are write errors only.
  Status feed(std::string_view line, bool padded, std::string_view input, uint64_t line_no);

  /// Counts and reports a line the source had to drop (e.g. longer than the line limit).
  Status skip_line(std::string_view input, uint64_t line_no, std::string_view why);

  /// Processes one ready-made record (synth): filter, pace, write.
  Status emit(const Record& r);

  /// What the last feed() found (e.g. ParsedLine::disconnect for the x source).
  const ParsedLine& last_line() const { return proc_.last(); }
  /// True when --count was reached or a stop was requested: the caller should stop feeding.
  bool done() const { return done_; }
  /// Writes out everything buffered.
  Status flush();
  /// Flushes, clears the progress line, prints the last stats line and the malformed summary.
  Status finish();
  const StreamCounters& counters() const { return counters_; }
  /// The read budget's state for the --stats line (tweet-stream x --max-reads).
  void set_reads(uint64_t used, uint64_t left) {
    counters_.budget = true;
    counters_.reads = used;
    counters_.reads_left = left;
  }
  /// True once writing to the output failed (or the pipe was closed): stop at once.
  bool output_failed() const { return output_failed_; }
  StatsReporter& reporter() { return reporter_; }

  // What every live source's sink does with the pipeline (x, bluesky, mastodon):
  /// No further input is ready: the --stats line if it is due, then everything buffered out.
  Status idle() {
    reporter_.tick(counters_);
    return flush();
  }
  /// About once a second while connected, with or without input: the --stats line if due.
  void tick() { reporter_.tick(counters_); }
  /// True when the source should stop: --count reached, a stop asked for, or the output failed.
  bool stopped() const { return done_ || output_failed_; }

 private:
  Status output(Status st);
  Status write_record(const Record& r);
  Status write_raw(std::string_view line, int64_t ts);
  Status pace(int64_t ts);
  void report_malformed(std::string_view input, uint64_t line_no, std::string_view why);
  void report_stream_message(std::string_view input, uint64_t line_no, const ParsedLine& p);
  void after_line();
  Status merge(const struct ReplayBlock& b, std::string_view input, uint64_t& line_no);

  LineProcessor proc_;
  PipelineOptions opts_;
  OutputSink& out_;
  Clock& clock_;
  std::optional<Pacer> pacer_;
  StatsReporter reporter_;
  StreamCounters counters_;
  bool done_ = false;
  bool output_failed_ = false;
  uint64_t since_tick_ = 0;
};

/// Replays `inputs` ("-" is stdin) through `pipeline`, in order (regular files in parallel when
/// pipeline.parallel()). A file that cannot be opened or
/// read (or whose compressed data is corrupt) is reported and skipped; the others are still
/// replayed, and the result is the last such error (so the tool exits 1). Write errors and a
/// closed pipe end the replay at once.
Status replay_inputs(const std::vector<std::string>& inputs, Pipeline& pipeline);

}  // namespace tweetmap
