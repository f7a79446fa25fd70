// kafka-pub's engine: lines in, Kafka messages out, every delivery accounted for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "kafka/config.hpp"
#include "kafka/key.hpp"

namespace tweetmap {

/// Producer tuning presets (--preset): kLive keeps latency low, kBulk favours throughput.
enum class ProducerPreset { kLive, kBulk };

/// Adds kafka-pub's defaults to `cfg` unless the user set them: idempotence on, acks=all, the
/// preset's linger.ms / batching, `linger_ms` (--linger-ms) and `codec` (-z) when given (these
/// two override -X, as kcat's -z does).
void apply_producer_defaults(KafkaConfig& cfg, ProducerPreset preset,
                             std::optional<double> linger_ms, const std::string& codec);

/// A message header (-H name=value).
using Header = std::pair<std::string, std::string>;
/// Parses "name=value" (value may be empty; a bare "name" gives an empty value as kcat does).
/// Error (kUsage) for an empty name.
Result<Header> parse_header(std::string_view text);

/// What kafka-pub was asked to do.
struct ProducerOptions {
  std::string topic;
  int32_t partition = -1;  ///< -p; -1 lets the partitioner choose (by key)
  KeySpec key;
  std::vector<Header> headers;
  bool strict = false;               ///< --strict: bad input fails the run instead of being skipped
  int64_t timeout_ms = 30000;        ///< --timeout: how long to wait for a broker at start
  int64_t flush_timeout_ms = 30000;  ///< --flush-timeout: bound on the final flush
  double stats_seconds = 0;          ///< --stats
};

/// Counters of one run (also printed by --stats and in the final summary).
struct ProducerCounters {
  uint64_t lines = 0;        ///< input lines read
  uint64_t produced = 0;     ///< handed to librdkafka
  uint64_t delivered = 0;    ///< acknowledged by the cluster
  uint64_t failed = 0;       ///< delivery failed (or not done within --flush-timeout)
  uint64_t empty = 0;        ///< skipped: empty line
  uint64_t oversized = 0;    ///< skipped: larger than message.max.bytes
  uint64_t missing_key = 0;  ///< skipped: no key delimiter / key field
  uint64_t malformed = 0;    ///< skipped: --key-field on a line that is not a JSON object
  uint64_t bytes = 0;        ///< payload bytes produced
  uint64_t skipped() const { return empty + oversized + missing_key + malformed; }
};

/// Produces every line of `inputs` ("-" is stdin) to the topic, then flushes. Waits for the
/// cluster first (error after opts.timeout_ms). Bad lines are skipped and counted (first of each
/// kind reported with its line number), or end the run under --strict. On SIGINT/SIGTERM stops
/// reading and flushes (bounded by --flush-timeout). Returns an error (kKafka) when any delivery
/// failed, naming how many and the first reason. `counters` receives the totals (may be null).
Status run_producer(const KafkaConfig& cfg, const ProducerOptions& opts,
                    const std::vector<std::string>& inputs, Clock& clock,
                    ProducerCounters* counters);

}  // namespace tweetmap
