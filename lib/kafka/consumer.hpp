// kafka-sub's engine: Kafka messages in, lines out, offsets committed only after the write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/line_io.hpp"
#include "core/status.hpp"
#include "kafka/config.hpp"
#include "kafka/envelope.hpp"
#include "kafka/offset.hpp"

namespace tweetmap {

/// What kafka-sub was asked to do.
struct ConsumerOptions {
  std::vector<std::string> topics;   ///< -t (one or more)
  std::string group;                 ///< -G: balanced consumer group; empty = assign partitions
  std::vector<int32_t> partitions;   ///< -p (assign mode): these partitions only
  std::optional<OffsetSpec> offset;  ///< -o (default: beginning; with -G the group's offsets)
  bool exit_at_end = false;          ///< -e: stop when every assigned partition reached its end
  int64_t count = -1;                ///< -c: stop after this many messages (-1: no limit)
  bool json = false;                 ///< -J: JSON envelope per message
  bool unbuffered = false;           ///< -u: flush after every line
  bool merge = false;                ///< --merge: catch up in message-timestamp order (no -G)
  std::string merge_field;           ///< --merge-field: order by this JSON field of the value
  std::string key_delimiter;         ///< -K: print KEY<DELIM>PAYLOAD
  double stats_seconds = 0;          ///< --stats
  int64_t timeout_ms = 30000;        ///< --timeout: wait for a broker / the topic at start
};

/// Counters of one run.
struct ConsumerCounters {
  uint64_t consumed = 0;  ///< messages received
  uint64_t bytes = 0;     ///< payload bytes received
  uint64_t errors = 0;    ///< consumer errors reported by librdkafka (retried)
};

/// Adds kafka-sub's defaults to `cfg` unless the user set them (group id and commit policy,
/// partition EOF events for -e, fetch sizes for throughput with a short fetch wait for latency).
void apply_consumer_defaults(KafkaConfig& cfg, const ConsumerOptions& opts);

/// Checks option combinations (kUsage): -p without -G only, `-o stored` needs -G, --merge
/// without -G, a topic.
Status validate_consumer_options(const ConsumerOptions& opts);

/// Consumes until -e/-c are satisfied, SIGINT/SIGTERM, or a fatal error, writing one line per
/// message to `out`. Output is flushed whenever no further message is ready (and at every line
/// with -u); offsets of written lines are stored after each flush and committed (group mode) on
/// rebalance, periodically and at exit, so a crash replays rather than loses. Errors: broker or
/// topic not reachable within --timeout (kNetwork/kKafka), a write error (kIo), a closed output
/// pipe (kClosed). With --merge the partitions' history is written merged by message timestamp
/// until every partition has caught up (kafka/merged_reader.hpp), then as it comes.
Status run_consumer(const KafkaConfig& cfg, const ConsumerOptions& opts, OutputSink& out,
                    Clock& clock, ConsumerCounters* counters);

}  // namespace tweetmap
