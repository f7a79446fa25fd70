// A librdkafka handle with the suite's logging, error reporting and start-up checks.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "kafka/config.hpp"

struct rd_kafka_s;
struct rd_kafka_topic_s;

namespace tweetmap {

/// Owns an rd_kafka_t (producer or consumer) built from a KafkaConfig. librdkafka's own log lines
/// go to our stderr log at -v (at normal verbosity when the `debug` property is set); "all
/// brokers down" is reported once per outage as a warning. The handle is thread-safe as
/// librdkafka's is; the wrapper itself is not copyable.
class KafkaClient {
 public:
  enum class Kind { kProducer, kConsumer };
  /// Builds the handle. `setup` may add callbacks to the conf before rd_kafka_new (may be null).
  /// The handle's opaque (rd_kafka_opaque) is this KafkaClient; `opaque` is kept for the
  /// callbacks (see opaque()).
  /// Errors: a bad property (kUsage), rd_kafka_new failing (kKafka).
  static Result<std::unique_ptr<KafkaClient>> create(const KafkaConfig& cfg, Kind kind,
                                                     void (*setup)(void* conf, void* opaque),
                                                     void* opaque);
  ~KafkaClient();
  KafkaClient(const KafkaClient&) = delete;
  KafkaClient& operator=(const KafkaClient&) = delete;

  rd_kafka_s* handle() { return rk_; }
  const std::string& brokers() const { return brokers_; }

  /// Waits until a broker answers a metadata request, retrying until `timeout_ms` passed (or a
  /// stop was requested). Error (kNetwork): "cannot reach Kafka at B within N s: reason".
  /// With a `topic`, also until the topic has a leader for every partition (a new topic is being
  /// created by the cluster). Errors (kKafka): "topic T is not available within N s", or at once
  /// for a topic the cluster refuses (invalid name, not authorized).
  Status wait_for_cluster(int64_t timeout_ms, Clock& clock, rd_kafka_topic_s* topic = nullptr);

  /// The fatal error librdkafka raised (idempotence violation, ...), or ok.
  Status fatal_error();
  /// The opaque pointer given to create().
  void* opaque() const { return opaque_; }
  /// Destroy the handle without the consumer close handshake (assign-mode consumers, which have
  /// no group to leave; it also cannot hang on an unreachable cluster).
  void skip_consumer_close() { skip_close_ = true; }
  /// True while librdkafka reports every broker down.
  bool all_brokers_down() const { return all_down_.load(); }

 private:
  KafkaClient() = default;
  static void on_error(rd_kafka_s* rk, int err, const char* reason, void* opaque);
  static void on_log(const rd_kafka_s* rk, int level, const char* fac, const char* buf);
  rd_kafka_s* rk_ = nullptr;
  std::string brokers_;
  void* opaque_ = nullptr;
  bool debug_ = false;
  bool skip_close_ = false;
  std::atomic<bool> all_down_{false};
};

/// "Local: Broker transport failure" style text for an rd_kafka_resp_err_t.
std::string kafka_error_text(int err);

/// "librdkafka 2.0.2": the line the Kafka tools add to --version (add_common_options).
std::string kafka_version_line();

}  // namespace tweetmap
