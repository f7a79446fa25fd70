#include "kafka/consumer.hpp"

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <span>

#include "core/log.hpp"
#include "core/record.hpp"
#include "core/signals.hpp"
#include "core/stats_ticker.hpp"
#include "kafka/client.hpp"
#include "kafka/merged_reader.hpp"
#include "kafka/partition_list.hpp"
#include "kafka/partition_table.hpp"

namespace tweetmap {

void apply_consumer_defaults(KafkaConfig& cfg, const ConsumerOptions& opts) {
  cfg.set_default("client.id", "kafka-sub");
  cfg.set_default("log.connection.close", "false");
  if (!opts.group.empty()) {
    cfg.set("group.id", opts.group);
    // Offsets are stored by us after each write and committed from there.
    cfg.set("enable.auto.offset.store", "false");
    cfg.set_default("enable.auto.commit", "true");
    cfg.set_default("auto.commit.interval.ms", "1000");
    bool end = opts.offset && opts.offset->kind == OffsetSpec::Kind::kEnd;
    cfg.set_default("auto.offset.reset", end ? "latest" : "earliest");
  } else {
    // assign() needs a group id; it is never joined and nothing is committed.
    cfg.set_default("group.id", fmt::format("kafka-sub-{}", ::getpid()));
    cfg.set("enable.auto.commit", "false");
    cfg.set("enable.auto.offset.store", "false");
  }
  // --merge learns from the EOF events that a partition has caught up.
  cfg.set("enable.partition.eof", opts.exit_at_end || opts.merge ? "true" : "false");
  cfg.set_default("fetch.wait.max.ms", "100");
  cfg.set_default("socket.nagle.disable", "true");
  cfg.set_default("fetch.message.max.bytes", "8388608");
  cfg.set_default("queued.min.messages", "200000");
}

Status validate_consumer_options(const ConsumerOptions& opts) {
  if (opts.topics.empty()) return usage_error("-t TOPIC is required");
  if (!opts.group.empty() && !opts.partitions.empty())
    return usage_error("-p cannot be combined with -G (the group assigns partitions)");
  if (opts.group.empty() && opts.offset && opts.offset->kind == OffsetSpec::Kind::kStored)
    return usage_error("-o stored needs a consumer group (-G)");
  if (opts.merge && !opts.group.empty())
    return usage_error("--merge cannot be combined with -G (it merges assigned partitions)");
  if (!opts.partitions.empty() && opts.topics.size() != 1)
    return usage_error("-p needs exactly one topic");
  return Status::ok();
}

namespace {

constexpr size_t kBlockBytes = 1 << 20;  // a backlog is written in blocks of this size

class ConsumerRun {
 public:
  ConsumerRun(const ConsumerOptions& opts, OutputSink& out, Clock& clock)
      : opts_(opts),
        out_(out),
        clock_(clock),
        start_ms_(clock.mono_ms()),
        stats_(start_ms_, opts.stats_seconds) {}

  void attach(KafkaClient* client) {
    client_ = client;
    rk_ = client->handle();
  }

  static void on_rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* parts, void* opaque) {
    auto* self = static_cast<ConsumerRun*>(static_cast<KafkaClient*>(opaque)->opaque());
    self->rebalance(err, parts);
  }

  Status run() {
    Status st = client_->wait_for_cluster(opts_.timeout_ms, clock_);
    if (!st) {
      client_->skip_consumer_close();
      return st;
    }
    if (opts_.group.empty()) {
      st = assign_partitions();
      if (!st) {
        merge_.reset();
        client_->skip_consumer_close();
        return st;
      }
    } else {
      auto topics = PartitionList::with_capacity(static_cast<int>(opts_.topics.size()));
      for (const auto& t : opts_.topics) topics.add(t.c_str(), RD_KAFKA_PARTITION_UA);
      rd_kafka_resp_err_t err = rd_kafka_subscribe(rk_, topics.get());
      if (err) return kafka_error(fmt::format("cannot subscribe: {}", rd_kafka_err2str(err)));
      subscribed_ = true;
    }
    st = loop();
    Status end = finish();
    return st ? end : st;
  }

  ConsumerCounters counters() const { return c_; }

 private:
  Status loop() {
    for (;;) {
      if (stop_requested()) return Status::ok();
      if (!write_error_.is_ok()) return write_error_;
      // Block only when nothing is pending in the output: a backlog is drained without waiting,
      // and output is flushed as soon as no further message is ready.
      int timeout = out_.buffer().empty() ? 100 : 0;
      rd_kafka_message_t* m =
          merge_ ? merge_->next(clock_, timeout) : rd_kafka_consumer_poll(rk_, timeout);
      if (merge_ && merge_->done()) {
        log_info("caught up: {} messages merged by {}{}", merge_->merged(),
                 opts_.merge_field.empty() ? std::string("timestamp") : opts_.merge_field,
                 merge_->stalled() ? fmt::format(" ({} partition(s) stalled)", merge_->stalled())
                                   : std::string());
        merge_.reset();
      }
      if (!m) {
        Status st = flush();
        if (!st) return st;
        maybe_stats(false);
        if (done_) return Status::ok();
        continue;
      }
      Status st = handle(m);
      rd_kafka_message_destroy(m);
      if (!st) return st;
      if (done_) return Status::ok();
    }
  }

  Status handle(rd_kafka_message_t* m) {
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      parts_.on_eof(rd_kafka_topic_name(m->rkt), m->partition);
      if (opts_.exit_at_end && parts_.all_eof()) done_ = true;
      return Status::ok();
    }
    if (m->err) {
      ++c_.errors;
      if (m->err == RD_KAFKA_RESP_ERR__FATAL) return client_->fatal_error();
      std::string why = rd_kafka_message_errstr(m);
      if (m->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
          m->err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
          m->err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC) {
        if (opts_.exit_at_end) return kafka_error(fmt::format("consumer: {}", why));
      }
      log_warning("consumer: {}", why);
      return Status::ok();
    }
    const char* topic = rd_kafka_topic_name(m->rkt);
    parts_.on_message(topic, m->partition, m->offset);
    ++c_.consumed;
    c_.bytes += m->len;
    std::string& buf = out_.buffer();
    if (opts_.json) {
      append_envelope(m, topic, buf);
    } else {
      if (!opts_.key_delimiter.empty()) {
        if (m->key) buf.append(static_cast<const char*>(m->key), m->key_len);
        buf += opts_.key_delimiter;
      }
      if (m->payload) buf.append(static_cast<const char*>(m->payload), m->len);
      buf += '\n';
    }
    if (opts_.unbuffered || buf.size() >= kBlockBytes) {
      Status st = flush();
      if (!st) return st;
    }
    if (opts_.count >= 0 && c_.consumed >= static_cast<uint64_t>(opts_.count)) done_ = true;
    maybe_stats(false);
    return Status::ok();
  }

  void append_envelope(rd_kafka_message_t* m, const char* topic, std::string& buf) {
    MessageView v;
    v.topic = topic;
    v.partition = m->partition;
    v.offset = m->offset;
    rd_kafka_timestamp_type_t tstype;
    v.timestamp = rd_kafka_message_timestamp(m, &tstype);
    v.tstype = tstype == RD_KAFKA_TIMESTAMP_CREATE_TIME       ? "create"
               : tstype == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? "logappend"
                                                              : "unknown";
    if (m->key) v.key = std::string_view(static_cast<const char*>(m->key), m->key_len);
    if (m->payload) v.payload = std::string_view(static_cast<const char*>(m->payload), m->len);
    rd_kafka_headers_t* hdrs = nullptr;
    if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name;
      const void* val;
      size_t size;
      for (size_t i = 0; !rd_kafka_header_get_all(hdrs, i, &name, &val, &size); ++i) {
        std::optional<std::string_view> value;
        if (val) value = std::string_view(static_cast<const char*>(val), size);
        v.headers.emplace_back(name, value);
      }
    }
    append_json_envelope(v, buf);
  }

  // Writes pending output, then stores the offsets of what was written.
  Status flush() {
    if (!out_.buffer().empty()) {
      Status st = out_.flush();
      if (!st) {
        write_error_ = st;
        return st;
      }
    }
    store_offsets();
    return Status::ok();
  }

  void store_offsets() {
    if (opts_.group.empty()) return;
    PartitionList list = parts_.take_offsets_to_store();
    if (!list) return;
    // Partitions revoked meanwhile fail with _STATE: their lines are replayed by the new owner.
    rd_kafka_offsets_store(rk_, list.get());
  }

  void commit_sync() {
    if (opts_.group.empty()) return;
    rd_kafka_resp_err_t err = rd_kafka_commit(rk_, nullptr, 0);
    if (err && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
      log_warning("offset commit failed: {}", rd_kafka_err2str(err));
  }

  Status finish() {
    merge_.reset();  // before the client goes: it holds the partitions' queues and messages
    Status st = write_error_.is_ok() ? flush() : write_error_;
    if (st) commit_sync();
    maybe_stats(true);
    if (subscribed_) {
      rd_kafka_consumer_close(rk_);
    } else {
      rd_kafka_assign(rk_, nullptr);
      client_->skip_consumer_close();
    }
    return st;
  }

  // Start offsets for -o N / -N / @TS (beginning, end and stored need nothing: reset policy or
  // committed offsets apply). Applied once per partition per run, so a rebalance never rewinds.
  Status set_start_offsets(rd_kafka_topic_partition_list_t* parts) {
    if (!opts_.offset) return Status::ok();
    const OffsetSpec& spec = *opts_.offset;
    bool group = !opts_.group.empty();
    if (group && (spec.kind == OffsetSpec::Kind::kBeginning ||
                  spec.kind == OffsetSpec::Kind::kEnd || spec.kind == OffsetSpec::Kind::kStored))
      return Status::ok();
    PartitionList ts;
    for (int i = 0; i < parts->cnt; ++i) {
      auto& tp = parts->elems[i];
      if (!parts_.first_start(tp.topic, tp.partition)) continue;
      if (spec.kind == OffsetSpec::Kind::kTimestamp) {
        if (!ts) ts = PartitionList::with_capacity(parts->cnt);
        ts.add(tp.topic, tp.partition, spec.value);
      } else {
        tp.offset = offset_spec_to_rdkafka(spec);
      }
    }
    if (!ts) return Status::ok();
    // Each partition's end before the time lookup (time -1: "latest"): where a partition with
    // nothing at or after the time starts. The end resolved later, when the fetch starts
    // (RD_KAFKA_OFFSET_END), would skip what a producer wrote in between, such as a backfill
    // started together with the map.
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
    PartitionList ends = offsets_for(ts, -1, err);
    if (err) ends = PartitionList();
    ts = offsets_for(ts, spec.value, err);
    if (err)
      return kafka_error(
          fmt::format("cannot look up offsets for time {}: {}", spec.value, rd_kafka_err2str(err)));
    for (const rd_kafka_topic_partition_t& found : ts) {
      rd_kafka_topic_partition_t* tp =
          rd_kafka_topic_partition_list_find(parts, found.topic, found.partition);
      if (!tp) continue;
      tp->offset = found.offset;
      if (found.offset >= 0) continue;
      // -1: no message at or after that time yet: start at the end as it was before the lookup.
      const rd_kafka_topic_partition_t* end =
          ends ? rd_kafka_topic_partition_list_find(ends.get(), found.topic, found.partition)
               : nullptr;
      tp->offset = end && end->err == RD_KAFKA_RESP_ERR_NO_ERROR && end->offset >= 0
                       ? end->offset
                       : RD_KAFKA_OFFSET_END;
      log_info("{} [{}]: nothing at or after {}: from its end{}", found.topic, found.partition,
               spec.value, tp->offset >= 0 ? fmt::format(", offset {}", tp->offset) : "");
    }
    return Status::ok();
  }

  // The offsets of `parts` for `time` (ms; -1: the end), looked up again while a partition has
  // an error (a topic just created has no leader yet) until --timeout. `err`: the request's.
  PartitionList offsets_for(const PartitionList& parts, int64_t time, rd_kafka_resp_err_t& err) {
    const int64_t deadline = clock_.mono_ms() + std::max<int64_t>(opts_.timeout_ms, 1000);
    for (;;) {
      auto list = PartitionList::with_capacity(parts.size());
      for (const rd_kafka_topic_partition_t& tp : parts) list.add(tp.topic, tp.partition, time);
      const int64_t left = std::max<int64_t>(deadline - clock_.mono_ms(), 1);
      err = rd_kafka_offsets_for_times(rk_, list.get(), static_cast<int>(left));
      bool retry = err != RD_KAFKA_RESP_ERR_NO_ERROR;
      for (const rd_kafka_topic_partition_t& tp : list) retry = retry || tp.err;
      if (!retry || clock_.mono_ms() >= deadline || stop_requested()) return list;
      clock_.sleep_ms(100);
    }
  }

  void rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts) {
    const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk_), "COOPERATIVE") == 0;
    const bool assigned = err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS;
    if (assigned) {
      if (Status st = set_start_offsets(parts); !st) {
        write_error_ = st;
        request_stop();
      }
    } else {
      // Revoked (or lost): write what we have for these partitions and commit it first. A write
      // error is kept in write_error_ by flush() and ends the loop: nothing to do with it here.
      (void)flush();
      if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) commit_sync();
    }
    for (const rd_kafka_topic_partition_t& tp : std::span(parts->elems, parts->cnt)) {
      if (assigned)
        parts_.assigned(tp.topic, tp.partition);
      else
        parts_.revoked(tp.topic, tp.partition);
    }
    log_info("{} {} partition(s)", assigned ? "assigned" : "revoked", parts->cnt);
    if (cooperative)
      rd_kafka_error_destroy(assigned ? rd_kafka_incremental_assign(rk_, parts)
                                      : rd_kafka_incremental_unassign(rk_, parts));
    else
      rd_kafka_assign(rk_, assigned ? parts : nullptr);
  }

  Status assign_partitions() {
    auto list = PartitionList::with_capacity(8);
    std::vector<std::pair<std::string, int32_t>> merged;
    for (const auto& topic : opts_.topics) {
      auto parts = topic_partitions(topic);
      if (!parts) return parts.status();
      for (int32_t p : *parts) {
        list.add(topic.c_str(), p, RD_KAFKA_OFFSET_BEGINNING);
        parts_.get(topic, p);
        merged.emplace_back(topic, p);
      }
    }
    // The partitions' queues are diverted before the fetch starts, so none reaches the
    // consumer queue unmerged.
    if (opts_.merge)
      merge_ = std::make_unique<MergedReader>(rk_, merged, opts_.merge_field, opts_.exit_at_end);
    if (Status st = set_start_offsets(list.get()); !st) return st;
    if (!opts_.offset) {
      for (rd_kafka_topic_partition_t& tp : list) tp.offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    if (rd_kafka_resp_err_t err = rd_kafka_assign(rk_, list.get()))
      return kafka_error(fmt::format("cannot assign: {}", rd_kafka_err2str(err)));
    return Status::ok();
  }

  // The partitions to read of `topic`: -p or all; waits for the topic up to --timeout.
  Result<std::vector<int32_t>> topic_partitions(const std::string& topic) {
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk_, topic.c_str(), nullptr);
    int64_t deadline = clock_.mono_ms() + opts_.timeout_ms;
    std::string why;
    std::vector<int32_t> all;
    for (;;) {
      const struct rd_kafka_metadata* md = nullptr;
      rd_kafka_resp_err_t err = rd_kafka_metadata(rk_, 0, rkt, &md, 5000);
      if (!err && md->topic_cnt == 1) {
        const auto& t = md->topics[0];
        if (t.err == RD_KAFKA_RESP_ERR_NO_ERROR && t.partition_cnt > 0) {
          for (int i = 0; i < t.partition_cnt; ++i) all.push_back(t.partitions[i].id);
        } else {
          why = rd_kafka_err2str(t.err);
        }
      } else if (err) {
        why = rd_kafka_err2str(err);
      }
      if (md) rd_kafka_metadata_destroy(md);
      if (!all.empty() || clock_.mono_ms() >= deadline || stop_requested()) break;
      clock_.sleep_ms(250);
    }
    rd_kafka_topic_destroy(rkt);
    if (all.empty()) return kafka_error(fmt::format("topic {} not available: {}", topic, why));
    if (opts_.partitions.empty()) return all;
    for (int32_t p : opts_.partitions)
      if (std::find(all.begin(), all.end(), p) == all.end())
        return usage_error(
            fmt::format("topic {} has no partition {} (it has {})", topic, p, all.size()));
    return opts_.partitions;
  }

  // The --stats line when one is due (or now, with `force`: the last one).
  void maybe_stats(bool force) {
    if (!stats_.enabled()) return;
    int64_t now = clock_.mono_ms();
    if (!force && !stats_.due(now)) return;
    stats_.tick(now);
    int64_t lag = 0;
    for (const auto& p : parts_) {
      int64_t lo = 0, hi = 0;
      if (rd_kafka_get_watermark_offsets(rk_, p.topic.c_str(), p.partition, &lo, &hi) || hi < 0)
        continue;
      lag += std::max<int64_t>(0, hi - (p.next >= 0 ? p.next : lo));
    }
    double secs = std::max<double>(1e-3, (now - start_ms_) / 1000.0);
    log_notice("stats: consumed {} ({:.0f}/s) bytes {} written {} partitions {} lag {} errors {}",
               c_.consumed, c_.consumed / secs, c_.bytes, out_.bytes_written(), parts_.size(), lag,
               c_.errors);
  }

  const ConsumerOptions& opts_;
  OutputSink& out_;
  Clock& clock_;
  KafkaClient* client_ = nullptr;
  rd_kafka_t* rk_ = nullptr;
  PartitionTable parts_;
  std::unique_ptr<MergedReader> merge_;  // --merge, while catching up
  ConsumerCounters c_;
  Status write_error_;
  bool done_ = false;
  bool subscribed_ = false;
  int64_t start_ms_;
  StatsTicker stats_;
};

}  // namespace

Status run_consumer(const KafkaConfig& cfg, const ConsumerOptions& opts, OutputSink& out,
                    Clock& clock, ConsumerCounters* counters) {
  Status st = validate_consumer_options(opts);
  if (!st) return st;
  ConsumerRun run(opts, out, clock);
  bool group = !opts.group.empty();
  void (*setup)(void*, void*) = nullptr;
  if (group) {
    setup = [](void* conf, void*) {
      rd_kafka_conf_set_rebalance_cb(static_cast<rd_kafka_conf_t*>(conf),
                                     &ConsumerRun::on_rebalance);
    };
  }
  auto client = KafkaClient::create(cfg, KafkaClient::Kind::kConsumer, setup, &run);
  if (!client) return client.status();
  log_info("brokers {}; {}", (*client)->brokers(), cfg.describe());
  rd_kafka_poll_set_consumer((*client)->handle());
  run.attach(client->get());
  st = run.run();
  if (counters) *counters = run.counters();
  return st;
}

}  // namespace tweetmap
