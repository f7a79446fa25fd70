#include "kafka/producer.hpp"

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>
#include <poll.h>
#include <sys/stat.h>

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

#include "core/line_io.hpp"
#include "core/log.hpp"
#include "core/signals.hpp"
#include "core/stats_ticker.hpp"
#include "kafka/client.hpp"
#include "kafka/line_chunks.hpp"
#include "kafka/message_batch.hpp"

namespace tweetmap {

void apply_producer_defaults(KafkaConfig& cfg, ProducerPreset preset,
                             std::optional<double> linger_ms, const std::string& codec) {
  cfg.set_default("enable.idempotence", "true");
  cfg.set_default("acks", "all");
  cfg.set_default("client.id", "kafka-pub");
  cfg.set_default("log.connection.close", "false");
  if (preset == ProducerPreset::kLive) {
    cfg.set_default("linger.ms", "1");
    // Nagle's algorithm would hold small produce requests back for tens of ms.
    cfg.set_default("socket.nagle.disable", "true");
    cfg.set_default("batch.num.messages", "10000");
  } else {
    cfg.set_default("linger.ms", "50");
    cfg.set_default("batch.num.messages", "100000");
    cfg.set_default("batch.size", "4000000");
    cfg.set_default("queue.buffering.max.messages", "1000000");
    cfg.set_default("queue.buffering.max.kbytes", "2097151");
  }
  if (linger_ms) cfg.set("linger.ms", fmt::format("{}", *linger_ms));
  if (!codec.empty()) cfg.set("compression.codec", codec);
}

Result<Header> parse_header(std::string_view text) {
  auto eq = text.find('=');
  std::string name(text.substr(0, eq));
  if (name.empty()) return usage_error(fmt::format("-H '{}': empty header name", text));
  std::string value = eq == std::string_view::npos ? "" : std::string(text.substr(eq + 1));
  return Header{name, value};
}

namespace {

// A ByteSource over a file descriptor that calls `idle` when input is not ready (a live pipe),
// before waiting and every 100 ms while it waits: messages batched so far are handed over at
// once, and delivery reports and errors are handled without waiting for the next line.
class IdleAwareSource : public ByteSource {
 public:
  IdleAwareSource(std::unique_ptr<FdSource> inner, std::function<void()> idle)
      : inner_(std::move(inner)), idle_(std::move(idle)) {
    struct stat st {};
    regular_ = ::fstat(inner_->fd(), &st) == 0 && S_ISREG(st.st_mode);
  }
  Result<size_t> read(char* buf, size_t n) override {
    if (!regular_ && !ready(0)) {
      // Nothing to read now: hand over what is pending, then keep serving while waiting.
      idle_();
      while (!ready(100)) {
        if (stop_requested()) return size_t{0};
        idle_();
      }
    }
    return inner_->read(buf, n);
  }
  std::string name() const override { return inner_->name(); }

 private:
  bool ready(int timeout_ms) {
    struct pollfd p[2] = {{inner_->fd(), POLLIN, 0}, {stop_fd(), POLLIN, 0}};
    return ::poll(p, 2, timeout_ms) > 0 && p[0].revents != 0;
  }

  std::unique_ptr<FdSource> inner_;
  std::function<void()> idle_;
  bool regular_ = false;
};

struct DeliveryState {
  uint64_t delivered = 0;
  uint64_t failed = 0;
  std::string first_error;
};

// Runs in the thread that polls (ours). A message's payload lies in its input chunk (see
// Run::produce), released here.
void on_delivery(rd_kafka_t* rk, const rd_kafka_message_t* m, void* opaque) {
  auto* client = static_cast<KafkaClient*>(opaque);
  auto* st = static_cast<DeliveryState*>(client->opaque());
  if (m->_private) release(static_cast<LineChunk*>(m->_private));
  if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++st->delivered;
    return;
  }
  if (++st->failed <= 3) log_warning("delivery failed: {}", rd_kafka_err2str(m->err));
  if (st->first_error.empty()) st->first_error = rd_kafka_err2str(m->err);
}

class Run {
 public:
  static constexpr size_t kMaxLiveChunks = 16;  // 64 MB of input lines
  static constexpr size_t kBatch = 512;
  Run(const ProducerOptions& opts, Clock& clock, KafkaClient& client, rd_kafka_topic_t* rkt,
      DeliveryState& dr, LineChunkPool& chunks, size_t max_bytes)
      : opts_(opts),
        clock_(clock),
        client_(client),
        rk_(client.handle()),
        rkt_(rkt),
        dr_(dr),
        chunks_(chunks),
        max_bytes_(max_bytes),
        keys_(opts.key),
        batching_(opts.headers.empty() && !opts.strict),
        batch_(kBatch),
        start_ms_(clock.mono_ms()),
        stats_(start_ms_, opts.stats_seconds) {
    if (!opts.headers.empty()) {
      headers_ = rd_kafka_headers_new(opts.headers.size());
      for (const auto& [n, v] : opts.headers)
        rd_kafka_header_add(headers_, n.data(), static_cast<ssize_t>(n.size()), v.data(),
                            static_cast<ssize_t>(v.size()));
    }
  }
  ~Run() {
    if (headers_) rd_kafka_headers_destroy(headers_);
  }

  void idle() {
    if (Status st = send_batch(); !st && batch_status_.is_ok()) batch_status_ = std::move(st);
    rd_kafka_poll(rk_, 0);
    maybe_stats();
    // Input is read much faster than a broker acknowledges it: keep at most kMaxLiveChunks of it
    // in flight, so that released chunks are reused (memory already faulted in) instead of the
    // whole input being held in fresh memory.
    while (chunks_.live() > kMaxLiveChunks && !stop_requested()) {
      rd_kafka_poll(rk_, 10);
      maybe_stats();
    }
  }

  // Reads and produces every line of `path`; the lines read are all handed to librdkafka, also
  // when a stop is requested.
  Status produce_input(const std::string& path) {
    path_ = &path;
    Status st = read_input(path);
    Status sent = send_batch();
    if (!st) return st;
    if (!batch_status_) return std::exchange(batch_status_, Status::ok());
    return sent;
  }

  Status read_input(const std::string& path) {
    auto src = open_file_source(path);
    if (!src) return src.status();
    ChunkedLineReader reader(chunks_,
                             std::make_unique<IdleAwareSource>(std::move(*src), [this] { idle(); }),
                             max_bytes_);
    std::string_view line;
    LineChunk* chunk = nullptr;
    for (;;) {
      if (stop_requested()) return Status::ok();
      auto next = reader.next(line, chunk);
      if (!batch_status_) return std::exchange(batch_status_, Status::ok());
      if (next == LineReader::Next::kEnd) return Status::ok();
      if (next == LineReader::Next::kError) return reader.status();
      ++c_.lines;
      if (next == LineReader::Next::kOversized) {
        Status st = bad(c_.oversized, reader.line_number(),
                        fmt::format("line longer than message.max.bytes ({})", max_bytes_));
        if (!st) return st;
        continue;
      }
      if (line.empty()) {
        Status st = bad(c_.empty, reader.line_number(), "empty line");
        if (!st) return st;
        continue;
      }
      std::string_view key, value;
      bool has_key = false;
      auto outcome = keys_.split(line, true, key, has_key, value);
      if (outcome != KeyExtractor::Outcome::kOk) {
        bool missing = outcome == KeyExtractor::Outcome::kMissingKey;
        std::string what = keys_.spec().mode == KeySpec::Mode::kField
                               ? fmt::format("no key field \"{}\"", keys_.spec().text)
                               : "no key delimiter";
        Status st = bad(missing ? c_.missing_key : c_.malformed, reader.line_number(),
                        missing ? what : "not a JSON object (--key-field)");
        if (!st) return st;
        continue;
      }
      Status st = batching_ ? add_to_batch(line, key, has_key, value, chunk, reader.line_number())
                            : produce(key, has_key, value, chunk, reader.line_number());
      if (!st) return st;
      if (++since_idle_ == kBatch) {
        since_idle_ = 0;
        idle();
      }
    }
  }

  // The payload is not copied: it stays in its input chunk, retained until the delivery report.
  // Messages are handed to librdkafka kBatch at a time (one lock and one clock read per batch);
  // each is still partitioned by its key. Headers (-H) cannot go through the batch call, and
  // --strict must stop before the line after a bad one: those produce one message at a time.
  Status add_to_batch(std::string_view line, std::string_view key, bool has_key,
                      std::string_view value, LineChunk* chunk, uint64_t line_no) {
    retain(chunk);
    batch_.add(line, key, has_key, value, chunk, line_no);
    return batch_.full() ? send_batch() : Status::ok();
  }

  Status send_batch() {
    rd_kafka_message_t* messages = batch_.messages();
    size_t from = 0;
    Status st;
    while (from < batch_.size()) {
      rd_kafka_produce_batch(rkt_, opts_.partition, 0, messages + from,
                             static_cast<int>(batch_.size() - from));
      // Each message has its outcome. A full queue refuses that message and every one after it.
      size_t full = batch_.size();
      for (size_t i = from; i < batch_.size(); ++i) {
        const rd_kafka_message_t& m = batch_[i];
        if (m.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
          ++c_.produced;
          c_.bytes += m.len;
        } else if (m.err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
          full = i;
          break;
        } else {
          release(static_cast<LineChunk*>(m._private));  // not queued: no delivery report
          Status e = produce_error(m.err, batch_.line_number(i));
          if (st) st = std::move(e);
        }
      }
      from = full;
      if (from == batch_.size() || !st || stop_requested()) break;
      // Back-pressure: wait for deliveries to free room, then hand over the rest.
      rd_kafka_poll(rk_, 50);
      maybe_stats();
    }
    for (size_t i = from; i < batch_.size(); ++i)
      release(static_cast<LineChunk*>(batch_[i]._private));  // never handed over
    batch_.clear();
    return st;
  }

  // One message at a time (see add_to_batch).
  Status produce(std::string_view key, bool has_key, std::string_view value, LineChunk* chunk,
                 uint64_t line_no) {
    for (;;) {
      rd_kafka_headers_t* h = headers_ ? rd_kafka_headers_copy(headers_) : nullptr;
      rd_kafka_resp_err_t err = rd_kafka_producev(
          rk_, RD_KAFKA_V_RKT(rkt_), RD_KAFKA_V_PARTITION(opts_.partition), RD_KAFKA_V_MSGFLAGS(0),
          RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
          RD_KAFKA_V_KEY(has_key ? key.data() : nullptr, has_key ? key.size() : 0),
          RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_OPAQUE(chunk), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        retain(chunk);
        ++c_.produced;
        c_.bytes += value.size();
        return Status::ok();
      }
      if (h) rd_kafka_headers_destroy(h);
      if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        // Back-pressure: wait for deliveries to free room.
        rd_kafka_poll(rk_, 50);
        maybe_stats();
        if (stop_requested()) return Status::ok();
        continue;
      }
      return produce_error(err, line_no);
    }
  }

  // A message librdkafka would not take: too large is bad input (skipped, or fails under
  // --strict), anything else ends the run.
  Status produce_error(rd_kafka_resp_err_t err, uint64_t line_no) {
    if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)
      return bad(c_.oversized, line_no, "message larger than message.max.bytes");
    if (err == RD_KAFKA_RESP_ERR__FATAL) return client_.fatal_error();
    return kafka_error(fmt::format("cannot produce to {}: {}", opts_.topic, rd_kafka_err2str(err)));
  }

  // One bad input line: skip and count it (the first of each kind is reported), or fail.
  Status bad(uint64_t& counter, uint64_t line_no, std::string_view why) {
    ++counter;
    const std::string& path = *path_;
    std::string where =
        path == "-" ? fmt::format("line {}", line_no) : fmt::format("{}:{}", path, line_no);
    if (opts_.strict) return parse_error(fmt::format("{}: {} (--strict)", where, why));
    if (counter == 1) log_warning("{}: {}; skipped (further ones are counted)", where, why);
    return Status::ok();
  }

  // The --stats line when one is due (or now, with `force`: the last one).
  void maybe_stats(bool force = false) {
    if (!stats_.enabled()) return;
    int64_t now = clock_.mono_ms();
    if (!force && !stats_.due(now)) return;
    stats_.tick(now);
    double secs = std::max<double>(1e-3, (now - start_ms_) / 1000.0);
    log_notice(
        "stats: lines {} produced {} ({:.0f}/s) delivered {} failed {} skipped {} in-flight {} "
        "bytes {}",
        c_.lines, c_.produced, c_.produced / secs, dr_.delivered, dr_.failed, c_.skipped(),
        rd_kafka_outq_len(rk_), c_.bytes);
  }

  ProducerCounters& counters() { return c_; }

 private:
  const ProducerOptions& opts_;
  Clock& clock_;
  KafkaClient& client_;
  rd_kafka_t* rk_;
  rd_kafka_topic_t* rkt_;
  DeliveryState& dr_;
  LineChunkPool& chunks_;
  size_t max_bytes_;
  KeyExtractor keys_;
  rd_kafka_headers_t* headers_ = nullptr;
  bool batching_;
  MessageBatch batch_;
  Status batch_status_;                // an error of a batch sent from idle(), for the read loop
  const std::string* path_ = nullptr;  // the input being read
  size_t since_idle_ = 0;
  ProducerCounters c_;
  int64_t start_ms_;
  StatsTicker stats_;
};

}  // namespace

Status run_producer(const KafkaConfig& cfg, const ProducerOptions& opts,
                    const std::vector<std::string>& inputs, Clock& clock,
                    ProducerCounters* counters) {
  DeliveryState dr;
  // Declared before the client: chunks still referenced by undelivered messages are freed only
  // after the client (and every message) is gone.
  LineChunkPool chunks;
  auto client = KafkaClient::create(
      cfg, KafkaClient::Kind::kProducer,
      [](void* conf, void*) {
        rd_kafka_conf_set_dr_msg_cb(static_cast<rd_kafka_conf_t*>(conf), on_delivery);
      },
      &dr);
  if (!client) return client.status();
  KafkaClient& kc = **client;
  log_info("brokers {}; {}", kc.brokers(), cfg.describe());
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(kc.handle(), opts.topic.c_str(), nullptr);
  if (!rkt) return kafka_error(fmt::format("cannot use topic {}", opts.topic));
  // Waiting for the topic's leaders too means messages are partitioned as they are produced
  // rather than piling up unassigned while the cluster creates a new topic.
  if (Status st = kc.wait_for_cluster(opts.timeout_ms, clock, rkt); !st) {
    rd_kafka_topic_destroy(rkt);
    return st;
  }
  size_t max_bytes = 1000000;
  if (const std::string* m = cfg.get("message.max.bytes")) max_bytes = std::stoull(*m);

  Status read_status;
  ProducerCounters c;
  {
    Run run(opts, clock, kc, rkt, dr, chunks, max_bytes);
    for (const auto& in : inputs) {
      read_status = run.produce_input(in);
      if (!read_status || stop_requested()) break;
    }
    // Flush: bounded by --flush-timeout even when the cluster is gone.
    int64_t deadline = clock.mono_ms() + opts.flush_timeout_ms;
    while (rd_kafka_outq_len(kc.handle()) > 0 && clock.mono_ms() < deadline) {
      rd_kafka_flush(kc.handle(), static_cast<int>(std::min<int64_t>(
                                      100, std::max<int64_t>(1, deadline - clock.mono_ms()))));
      run.maybe_stats();
    }
    if (rd_kafka_outq_len(kc.handle()) > 0) {
      log_error("{} messages not delivered within --flush-timeout ({} s)",
                rd_kafka_outq_len(kc.handle()), opts.flush_timeout_ms / 1000.0);
      rd_kafka_purge(kc.handle(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
      rd_kafka_poll(kc.handle(), 0);
      rd_kafka_flush(kc.handle(), 100);
    }
    run.maybe_stats(true);
    c = run.counters();
  }
  rd_kafka_topic_destroy(rkt);
  c.delivered = dr.delivered;
  c.failed = dr.failed;
  if (counters) *counters = c;

  if (c.skipped() > 0 && read_status.is_ok())
    log_warning("skipped {} of {} lines ({} empty, {} too large, {} without key, {} malformed)",
                c.skipped(), c.lines, c.empty, c.oversized, c.missing_key, c.malformed);
  log_info("{} lines, {} produced, {} delivered, {} failed", c.lines, c.produced, c.delivered,
           c.failed);
  Status fatal = kc.fatal_error();
  if (!fatal) return fatal;
  if (c.failed > 0)
    return kafka_error(fmt::format("{} of {} messages failed delivery (first error: {})", c.failed,
                                   c.produced, dr.first_error));
  if (c.delivered < c.produced)
    return kafka_error(
        fmt::format("{} of {} messages were not confirmed", c.produced - c.delivered, c.produced));
  return read_status;
}

}  // namespace tweetmap
