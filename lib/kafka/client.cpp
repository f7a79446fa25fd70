#include "kafka/client.hpp"

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>

#include <algorithm>

#include "core/log.hpp"
#include "core/signals.hpp"

namespace tweetmap {

std::string kafka_version_line() { return fmt::format("librdkafka {}", rd_kafka_version_str()); }

std::string kafka_error_text(int err) {
  return rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(err));
}

namespace {
// The rd_kafka_t opaque is always the KafkaClient; tools reach their own state via opaque().
KafkaClient* lookup(const rd_kafka_t* rk) { return static_cast<KafkaClient*>(rd_kafka_opaque(rk)); }
}  // namespace

void KafkaClient::on_error(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  KafkaClient* self = lookup(rk);
  if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
    if (self && !self->all_down_.exchange(true))
      log_warning("all brokers down ({}); retrying", self->brokers_);
    return;
  }
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    log_error("fatal Kafka error: {}", reason);
    return;
  }
  // Transport errors are retried by librdkafka; say so only at -v.
  log_info("kafka: {}", reason);
}

void KafkaClient::on_log(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
  KafkaClient* self = lookup(rk);
  if (self && self->debug_) {
    log_notice("rdkafka {}: {}", fac, buf);
  } else if (level <= 4) {
    log_info("rdkafka {}: {}", fac, buf);
  } else {
    log_debug("rdkafka {}: {}", fac, buf);
  }
}

Result<std::unique_ptr<KafkaClient>> KafkaClient::create(const KafkaConfig& cfg, Kind kind,
                                                         void (*setup)(void*, void*),
                                                         void* opaque) {
  auto conf = cfg.build();
  if (!conf) return conf.status();
  std::unique_ptr<KafkaClient> self(new KafkaClient());
  self->brokers_ = cfg.brokers();
  self->opaque_ = opaque;
  self->debug_ = cfg.get("debug") != nullptr;
  rd_kafka_conf_set_error_cb(*conf, [](rd_kafka_t* rk, int err, const char* reason, void* op) {
    on_error(rk, err, reason, op);
  });
  rd_kafka_conf_set_log_cb(*conf, &KafkaClient::on_log);
  rd_kafka_conf_set_opaque(*conf, self.get());
  if (setup) setup(*conf, opaque);
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(kind == Kind::kProducer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER,
                                *conf, err, sizeof err);
  if (!rk) {
    rd_kafka_conf_destroy(*conf);
    // Only the configuration can make this fail (the tools' defaults agree with each other, so
    // it is a property the user set, e.g. -X acks=0 with the default idempotence): a usage error.
    return usage_error(fmt::format("cannot create the Kafka client: {}", err));
  }
  self->rk_ = rk;
  return self;
}

KafkaClient::~KafkaClient() {
  if (!rk_) return;
  if (skip_close_)
    rd_kafka_destroy_flags(rk_, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  else
    rd_kafka_destroy(rk_);
}

namespace {

// With a topic: true when it has partitions, each with a leader. `err` gets the topic's error.
bool topic_ready(const struct rd_kafka_metadata* md, rd_kafka_resp_err_t& err) {
  if (md->topic_cnt != 1) return false;
  const rd_kafka_metadata_topic& t = md->topics[0];
  err = t.err;
  bool ready = err == RD_KAFKA_RESP_ERR_NO_ERROR && t.partition_cnt > 0;
  for (int i = 0; ready && i < t.partition_cnt; ++i) ready = t.partitions[i].leader >= 0;
  return ready;
}

}  // namespace

Status KafkaClient::wait_for_cluster(int64_t timeout_ms, Clock& clock, rd_kafka_topic_s* topic) {
  int64_t deadline = clock.mono_ms() + timeout_ms;
  std::string last = "no answer";
  bool reached = false;
  for (;;) {
    if (stop_requested()) return interrupted_error("interrupted");
    int64_t left = deadline - clock.mono_ms();
    const struct rd_kafka_metadata* md = nullptr;
    int step = static_cast<int>(std::clamp<int64_t>(left, 1, 1000));
    rd_kafka_resp_err_t err = rd_kafka_metadata(rk_, 0, topic, &md, step);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      bool any = md->broker_cnt > 0;
      bool ready = any && (topic == nullptr || topic_ready(md, err));
      rd_kafka_metadata_destroy(md);
      if (any) {
        reached = true;
        all_down_ = false;
      }
      if (ready) return Status::ok();
      if (err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
          err == RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION)
        return kafka_error(fmt::format("cannot use topic {}: {}", rd_kafka_topic_name(topic),
                                       rd_kafka_err2str(err)));
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) last = rd_kafka_err2str(err);
    if (clock.mono_ms() >= deadline) break;
    // A topic being created is usually ready within a few hundred ms: ask often.
    if (reached || err != RD_KAFKA_RESP_ERR__TIMED_OUT)
      clock.sleep_ms(std::min<int64_t>(reached ? 20 : 200, std::max<int64_t>(1, left)));
  }
  if (reached)
    return kafka_error(fmt::format("topic {} is not available within {} s (does it exist?): {}",
                                   rd_kafka_topic_name(topic), (timeout_ms + 999) / 1000, last));
  return network_error(fmt::format("cannot reach Kafka at {} within {} s: {}", brokers_,
                                   (timeout_ms + 999) / 1000, last));
}

Status KafkaClient::fatal_error() {
  char buf[512];
  rd_kafka_resp_err_t err = rd_kafka_fatal_error(rk_, buf, sizeof buf);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::ok();
  return kafka_error(fmt::format("fatal Kafka error: {}", buf));
}

}  // namespace tweetmap
