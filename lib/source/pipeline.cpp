#include "source/pipeline.hpp"

#include <fmt/format.h>

#include "core/log.hpp"
#include "core/signals.hpp"
#include "source/compressed_source.hpp"

namespace tweetmap {
namespace {
constexpr uint64_t kTickEvery = 256;  // lines between clock checks for --stats/progress
}  // namespace

LineProcessor::LineProcessor(std::string src, Filter filter, bool raw,
                             geocode::GeocodeModes geocode)
    : src_(std::move(src)),
      filter_(std::move(filter)),
      filter_empty_(filter_.empty()),
      raw_(raw),
      geocode_(geocode),
      // The author's profile fields are read only when the profile geocoder will look at them.
      parser_(src_,
              geocode.profile && !raw ? AuthorProfile::kWhenUnplaced : AuthorProfile::kNever) {}

bool LineProcessor::worth_reporting(const ParsedLine& p) {
  return p.kind == LineKind::kControl && !p.message.empty() &&
         (p.control == "warning" || p.control == "errors");
}

const ParsedLine& LineProcessor::process(std::string_view line, bool padded, StreamCounters& c) {
  ++c.lines;
  c.bytes_in += line.size() + 1;
  matches_.clear();
  size_t n_records = 0;
  last_ = parser_.parse(line, padded, records_, n_records);
  switch (last_.kind) {
    case LineKind::kBlank:
      ++c.blank;
      break;
    case LineKind::kControl:
      ++c.control;
      break;
    case LineKind::kMalformed:
      break;
    case LineKind::kPosts:
      c.posts += n_records;
      for (size_t i = 0; i < n_records; ++i) {
        Record& r = records_[i];
        // A post the content filters drop is not geocoded; the position filters see the
        // geocoded position.
        if (!filter_empty_ && !filter_.matches_content(r)) {
          ++c.filtered;
          continue;
        }
        if (geocode_.any() && !raw_) {
          GeoKind k = geocode::geocode_record(r, geocode_);
          if (k == GeoKind::kProfile) ++c.geo_profile;
          if (k == GeoKind::kText) ++c.geo_text;
        }
        if (!filter_empty_ && !filter_.matches_position(r)) {
          ++c.filtered;
          continue;
        }
        if (!raw_ || matches_.empty()) matches_.push_back(&r);
      }
      break;
  }
  return last_;
}

Pipeline::Pipeline(std::string src, Filter filter, PipelineOptions opts, OutputSink& out,
                   Clock& clock)
    : proc_(std::move(src), std::move(filter), opts.raw, opts.geocode),
      opts_(opts),
      out_(out),
      clock_(clock),
      reporter_(clock, opts.stats_seconds, opts.progress) {
  if (opts_.speed > 0) pacer_.emplace(clock_, opts_.speed, opts_.wall_clock_ts);
}

Status Pipeline::output(Status st) {
  if (!st) output_failed_ = true;
  return st;
}

Status Pipeline::flush() {
  Status st = out_.flush();
  counters_.bytes_out = out_.bytes_written();
  return output(std::move(st));
}

Status Pipeline::pace(int64_t ts) {
  int64_t d = pacer_->delay_ms(ts);
  if (d <= 0) return Status::ok();
  // Nothing more is due before the sleep: let the reader have what is buffered.
  Status st = flush();
  if (!st) return st;
  reporter_.tick(counters_);
  if (!clock_.sleep_ms(d)) done_ = true;
  return Status::ok();
}

Status Pipeline::write_record(const Record& r) {
  if (pacer_) {
    Status st = pace(r.ts);
    if (!st) return st;
  }
  append_record_json(r, out_.buffer());
  ++counters_.out;
  if (opts_.count && counters_.out >= opts_.count) done_ = true;
  return output(out_.maybe_flush());
}

Status Pipeline::write_raw(std::string_view line, int64_t ts) {
  if (pacer_) {
    Status st = pace(ts);
    if (!st) return st;
  }
  std::string& buf = out_.buffer();
  buf.append(line);
  buf.push_back('\n');
  ++counters_.out;
  if (opts_.count && counters_.out >= opts_.count) done_ = true;
  return output(out_.maybe_flush());
}

void Pipeline::report_malformed(std::string_view input, uint64_t line_no, std::string_view why) {
  ++counters_.malformed;
  if (verbosity() < Verbosity::kNormal) return;
  if (counters_.malformed <= opts_.malformed_report_limit) {
    reporter_.clear_progress();
    log_warning("{}:{}: malformed line skipped: {}", input, line_no, why);
    if (counters_.malformed == opts_.malformed_report_limit)
      log_warning("further malformed lines are counted but not reported one by one");
  }
}

void Pipeline::after_line() {
  if (++since_tick_ >= kTickEvery) {
    since_tick_ = 0;
    counters_.bytes_out = out_.bytes_written();
    reporter_.tick(counters_);
  }
  if (stop_requested()) done_ = true;
}

void Pipeline::report_stream_message(std::string_view input, uint64_t line_no,
                                     const ParsedLine& p) {
  reporter_.clear_progress();
  log_warning("{}:{}: stream {}: {}", input, line_no, p.control, p.message);
}

Status Pipeline::feed(std::string_view line, bool padded, std::string_view input,
                      uint64_t line_no) {
  const ParsedLine& p = proc_.process(line, padded, counters_);
  Status st;
  if (p.kind == LineKind::kMalformed) report_malformed(input, line_no, p.message);
  if (LineProcessor::worth_reporting(p)) report_stream_message(input, line_no, p);
  const auto& matches = proc_.matches();
  if (opts_.raw && !matches.empty()) {
    st = write_raw(line, matches.front()->ts);
  } else if (!opts_.raw) {
    for (const Record* r : matches) {
      st = write_record(*r);
      if (!st || done_) break;
    }
  }
  after_line();
  return st;
}

Status Pipeline::skip_line(std::string_view input, uint64_t line_no, std::string_view why) {
  ++counters_.lines;
  report_malformed(input, line_no, why);
  after_line();
  return Status::ok();
}

Status Pipeline::emit(const Record& r) {
  ++counters_.lines;
  ++counters_.posts;
  Status st;
  if (proc_.keeps(r))
    st = write_record(r);
  else
    ++counters_.filtered;
  after_line();
  return st;
}

Status Pipeline::run(LineReader& reader, const std::string& input,
                     const DecompressingSource* progress_src) {
  reporter_.set_input(input, progress_src);
  std::string_view line;
  while (!done_) {
    // Nothing more ready to read: hand what we have to the reader before blocking on input.
    if (!reader.has_buffered_line()) {
      Status st = flush();
      if (!st) return st;
      reporter_.tick(counters_);
    }
    auto next = reader.next(line);
    if (next == LineReader::Next::kEnd) break;
    if (next == LineReader::Next::kError) return reader.status();
    if (next == LineReader::Next::kOversized) {
      ++counters_.lines;
      report_malformed(input, reader.line_number(), "line too long");
      after_line();
      continue;
    }
    Status st = feed(line, true, input, reader.line_number());
    if (!st) return st;
  }
  return Status::ok();
}

Status Pipeline::finish() {
  Status st = flush();
  reporter_.finish(counters_);
  if (counters_.malformed > opts_.malformed_report_limit)
    log_warning("{} malformed lines skipped in all", counters_.malformed);
  log_info("{} lines: {} posts, {} written, {} filtered, {} control, {} blank, {} malformed",
           counters_.lines, counters_.posts, counters_.out, counters_.filtered, counters_.control,
           counters_.blank, counters_.malformed);
  return st;
}

Status replay_inputs(const std::vector<std::string>& inputs, Pipeline& pipeline) {
  Status failed;  // the last input error; earlier ones are printed as they happen
  auto fail = [&failed](Status st) {
    if (!failed.is_ok()) log_error("{}", failed.message());
    failed = std::move(st);
  };
  for (const std::string& path : inputs) {
    if (pipeline.done()) break;
    auto src = open_input(path);
    if (!src) {
      fail(src.status());
      continue;
    }
    std::string name = path == "-" ? "stdin" : path;
    Status st;
    if (pipeline.parallel() && (*src)->raw_size() > 0) {
      // Input read at once (a regular file: it has a size); a pipe is read line by line as it
      // comes, so that every line is written as soon as it can be.
      st = pipeline.run_parallel(**src, name, src->get());
    } else {
      const DecompressingSource* raw = src->get();
      LineReader reader(std::move(src).value());
      st = pipeline.run(reader, name, raw);
    }
    if (pipeline.output_failed()) return st;
    if (!st) fail(std::move(st));
  }
  Status st = pipeline.finish();
  if (!st) return st;
  return failed;
}

}  // namespace tweetmap
