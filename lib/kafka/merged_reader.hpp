// kafka-sub --merge: the assigned partitions read through their own queues and merged by message
// timestamp while they catch up, then handed back to the consumer queue.
#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "kafka/catch_up_merge.hpp"
#include "kafka/key.hpp"

namespace tweetmap {

/// Reads each partition from its own librdkafka queue (diverted from the consumer queue) and
/// returns their messages in the order of CatchUpMerge: oldest first, waiting
/// for a partition still catching up before writing anything newer. A partition EOF event marks a
/// partition caught up when its last message is no older than kLiveMs by the wall clock (the
/// consumer must set enable.partition.eof=true): an end reached while a producer is still writing
/// history (a backfill started with the map) is not the present, and the merge goes on. A message's
/// time is its Kafka timestamp, or with a `field` the integer of that top-level JSON field of its
/// value (the record's `ts`: event time, where a producer that wrote history at once gave every
/// message nearly the same timestamp); a value without it falls back to the timestamp. Once every
/// partition has caught up and nothing is held, the queues are forwarded back to the consumer queue
/// (what they hold goes there in order) and done() is true: messages are then polled as usual.
///
/// Memory: besides librdkafka's own prefetch (queued.min.messages, queued.max.messages.kbytes per
/// partition, as without the merge) at most one batch of kBatch messages per partition is held.
/// Not thread-safe: used from the consumer's poll thread. Works with assigned partitions only
/// (no consumer group: a rebalance would change the sources under the merge).
class MergedReader {
 public:
  static constexpr size_t kBatch = 64;
  /// A partition that stays empty this long while waited for is idle: no longer waited for.
  static constexpr int64_t kStallMs = 2000;
  /// A partition's end counts as the present when its last message is at most this old.
  static constexpr int64_t kLiveMs = 10000;
  /// After an end of old messages, a partition still empty this long later is idle.
  static constexpr int64_t kEndGraceMs = 300;

  /// Diverts the queues of `parts` (topic, partition); call before they are assigned. `rk` must
  /// outlive the reader. `field`: the JSON field that orders messages, empty for timestamps.
  /// `end_is_done` (-e): any end is final, the partition is caught up there.
  MergedReader(rd_kafka_t* rk, const std::vector<std::pair<std::string, int32_t>>& parts,
               const std::string& field, bool end_is_done);
  ~MergedReader();
  MergedReader(const MergedReader&) = delete;
  MergedReader& operator=(const MergedReader&) = delete;

  /// The next message in merge order, a partition's EOF or error event, or a consumer event; the
  /// caller destroys it. Null when nothing is ready within `timeout_ms` (0: never blocks) or when
  /// the merge has just ended (done()).
  rd_kafka_message_t* next(Clock& clock, int timeout_ms);

  bool done() const { return released_; }
  /// Messages written through the merge, partitions given up on as stalled.
  uint64_t merged() const { return merged_; }
  size_t stalled() const { return merge_.stalled(); }

 private:
  struct Part {
    rd_kafka_queue_t* queue = nullptr;
    std::vector<rd_kafka_message_t*> batch;  // held messages, batch[pos..] not yet returned
    size_t pos = 0;
    int64_t head_time = 0;  // time of batch[pos] when it is a message
    int64_t last_time = 0;  // time of the last message returned
    bool seen = false;      // a message was returned
  };
  // Makes partition `i`'s head known to the merge: refills its batch without blocking (or from
  // `first`, a message just read), moves events at the head to events_, offers the head message.
  void settle(size_t i, Clock& clock, rd_kafka_message_t* first = nullptr);
  rd_kafka_message_t* poll_consumer_queue();
  // Reads the idle partitions without blocking; true when one of them now holds a message.
  bool poll_idle(Clock& clock);
  int64_t time_of(const rd_kafka_message_t* m);
  void release();

  rd_kafka_t* rk_;
  std::vector<Part> parts_;
  CatchUpMerge merge_;
  bool by_field_;
  bool end_is_done_;
  KeyExtractor field_;
  std::deque<rd_kafka_message_t*> events_;
  uint64_t merged_ = 0;
  bool released_ = false;
};

}  // namespace tweetmap
