#include "source/pipeline.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "core/log.hpp"
#include "source/compressed_source.hpp"

using namespace tweetmap;

namespace {

// An OutputSink over a temporary file, read back with contents().
struct TempOutput {
  std::FILE* f = std::tmpfile();
  OutputSink sink{fileno(f), 1 << 16};
  ~TempOutput() { std::fclose(f); }
  std::string contents() {
    (void)sink.flush();
    std::string s;
    char buf[4096];
    ::lseek(fileno(f), 0, SEEK_SET);
    ssize_t n;
    while ((n = ::read(fileno(f), buf, sizeof buf)) > 0) s.append(buf, static_cast<size_t>(n));
    return s;
  }
};

std::string tweet(const std::string& id, int64_t ts, const std::string& lang = "en") {
  return R"({"created_at":"Wed Nov 11 00:35:07 +0000 2015","id":)" + id + R"(,"id_str":")" + id +
         R"(","text":"hello #World","user":{"id":1,"id_str":"1","screen_name":"u","name":"U"},)"
         R"("entities":{"hashtags":[{"text":"World","indices":[6,12]}]},"lang":")" +
         lang + R"(","timestamp_ms":")" + std::to_string(ts) + R"("})";
}

// Silences warnings (malformed lines, stream errors) for the duration of a test.
struct Quiet {
  Quiet() { set_verbosity(Verbosity::kQuiet); }
  ~Quiet() { set_verbosity(Verbosity::kNormal); }
};

Filter no_filter() { return std::move(Filter::make(FilterSpec{})).value(); }

class MemSource : public ByteSource {
 public:
  explicit MemSource(std::string d) : d_(std::move(d)) {}
  Result<size_t> read(char* buf, size_t n) override {
    size_t k = std::min(n, d_.size() - pos_);
    std::memcpy(buf, d_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  std::string name() const override { return "mem"; }

 private:
  std::string d_;
  size_t pos_ = 0;
};

}  // namespace

TEST_CASE("pipeline: posts, control, blank and malformed lines are counted") {
  Quiet quiet;
  TempOutput out;
  ManualClock clock;
  PipelineOptions po;
  po.malformed_report_limit = 0;  // keep the test output quiet
  Pipeline p("replay", no_filter(), po, out.sink, clock);
  CHECK(p.feed(tweet("11", 1000), false, "t", 1).is_ok());
  CHECK(p.feed(R"({"limit":{"track":5}})", false, "t", 2).is_ok());
  CHECK(p.feed("", false, "t", 3).is_ok());
  CHECK(p.feed("{not json", false, "t", 4).is_ok());
  CHECK(p.feed(tweet("12", 2000), false, "t", 5).is_ok());
  CHECK(p.finish().is_ok());
  const StreamCounters& c = p.counters();
  CHECK(c.lines == 5);
  CHECK(c.posts == 2);
  CHECK(c.out == 2);
  CHECK(c.control == 1);
  CHECK(c.blank == 1);
  CHECK(c.malformed == 1);
  std::string s = out.contents();
  CHECK(s.find(R"({"id":"11","ts":1000,)") == 0);
  CHECK(s.find(R"("tags":["world"])") != std::string::npos);
  CHECK(std::count(s.begin(), s.end(), '\n') == 2);
}

TEST_CASE("pipeline: --raw writes the source line, --count stops") {
  TempOutput out;
  ManualClock clock;
  PipelineOptions po;
  po.raw = true;
  po.count = 2;
  Pipeline p("replay", no_filter(), po, out.sink, clock);
  std::string a = tweet("21", 1000), b = tweet("22", 1000), c = tweet("23", 1000);
  CHECK(p.feed(a, false, "t", 1).is_ok());
  CHECK_FALSE(p.done());
  CHECK(p.feed(b, false, "t", 2).is_ok());
  CHECK(p.done());
  CHECK(p.finish().is_ok());
  CHECK(out.contents() == a + "\n" + b + "\n");
}

TEST_CASE("pipeline: filters drop and count posts") {
  TempOutput out;
  ManualClock clock;
  FilterSpec spec;
  spec.langs = {"de"};
  Pipeline p("replay", std::move(Filter::make(spec)).value(), PipelineOptions{}, out.sink, clock);
  CHECK(p.feed(tweet("31", 1000, "en"), false, "t", 1).is_ok());
  CHECK(p.feed(tweet("32", 1000, "de"), false, "t", 2).is_ok());
  CHECK(p.finish().is_ok());
  CHECK(p.counters().filtered == 1);
  CHECK(p.counters().out == 1);
  CHECK(out.contents().find(R"({"id":"32")") == 0);
}

TEST_CASE("pipeline: --speed paces by the posts' timestamps through the clock") {
  TempOutput out;
  ManualClock clock(50);
  PipelineOptions po;
  po.speed = 4;
  Pipeline p("replay", no_filter(), po, out.sink, clock);
  CHECK(p.feed(tweet("41", 10'000), false, "t", 1).is_ok());
  CHECK(clock.slept_total() == 0);
  CHECK(p.feed(tweet("42", 14'000), false, "t", 2).is_ok());
  CHECK(clock.slept_total() == 1000);  // 4 s of posts at 4x
  // Output is flushed before sleeping: the first record is already in the file.
  CHECK(p.counters().bytes_out > 0);
  CHECK(p.feed(tweet("43", 12'000), false, "t", 3).is_ok());  // out of order: no sleep
  CHECK(clock.slept_total() == 1000);
}

TEST_CASE("pipeline: run() reads a LineReader to the end, including an oversized line") {
  Quiet quiet;
  TempOutput out;
  ManualClock clock;
  PipelineOptions po;
  po.malformed_report_limit = 0;
  Pipeline p("replay", no_filter(), po, out.sink, clock);
  std::string input = tweet("51", 1) + "\r\n" + std::string(900, 'x') + "\n" + tweet("52", 2);
  LineReader reader(std::make_unique<MemSource>(input), 600);
  CHECK(p.run(reader, "mem").is_ok());
  CHECK(p.finish().is_ok());
  CHECK(p.counters().posts == 2);
  CHECK(p.counters().malformed == 1);
  CHECK(p.counters().lines == 3);
}

TEST_CASE("pipeline: emit() filters and writes ready-made records") {
  TempOutput out;
  ManualClock clock;
  Pipeline p("synth", no_filter(), PipelineOptions{}, out.sink, clock);
  Record r;
  r.id = "7";
  r.ts = 5;
  r.src = "synth";
  CHECK(p.emit(r).is_ok());
  CHECK(p.finish().is_ok());
  CHECK(out.contents() ==
        R"({"id":"7","ts":5,"geo":"none","text":"","tags":[],"rt":false,"src":"synth"})"
        "\n");
}

TEST_CASE("replay_inputs: a missing file is reported and the others are replayed") {
  Quiet quiet;
  TempOutput out;
  ManualClock clock;
  Pipeline p("replay", no_filter(), PipelineOptions{}, out.sink, clock);
  std::string good = std::string(TWEETMAP_SOURCE_DIR) + "/tests/data/tweet-stream/v2.jsonl";
  Status st = replay_inputs({"/nonexistent.jsonl", good}, p);
  CHECK_FALSE(st.is_ok());
  CHECK(st.code() == ErrorCode::kIo);
  CHECK(st.message().find("/nonexistent.jsonl") != std::string::npos);
  CHECK(p.counters().posts == 4);
}

TEST_CASE("stats line") {
  StreamCounters a, b;
  b.posts = 1500;
  b.out = 1000;
  b.bytes_in = 3 * 1048576;
  std::string s = format_stats(b, a, 1000);
  CHECK(s.find("in=1500 out=1000 filtered=0") == 0);
  CHECK(s.find("rate_in=1500/s rate_out=1000/s 3.0MiB/s") != std::string::npos);
  CHECK(format_stats(b, a, 0).find("rate") == std::string::npos);
}
