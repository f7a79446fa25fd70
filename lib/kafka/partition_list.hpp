// An owned librdkafka topic-partition list (rd_kafka_topic_partition_list_t), freed with it.
#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <memory>

namespace tweetmap {

/// Owns one rd_kafka_topic_partition_list_t and destroys it when it goes; move-only. A
/// default-constructed list holds none (get() is null): the "nothing to send" value. Lists that
/// librdkafka owns (those a rebalance callback receives) are not wrapped.
class PartitionList {
 public:
  PartitionList() = default;
  /// A new, empty list with room for `capacity` elements (it grows past that as needed).
  static PartitionList with_capacity(int capacity) {
    PartitionList l;
    l.list_.reset(rd_kafka_topic_partition_list_new(capacity));
    return l;
  }

  /// Appends topic/partition starting at `offset`; the list must exist.
  rd_kafka_topic_partition_t& add(const char* topic, int32_t partition,
                                  int64_t offset = RD_KAFKA_OFFSET_INVALID) {
    rd_kafka_topic_partition_t* tp =
        rd_kafka_topic_partition_list_add(list_.get(), topic, partition);
    tp->offset = offset;
    return *tp;
  }

  explicit operator bool() const { return list_ != nullptr; }
  /// The list, for librdkafka calls (still owned here); null when there is none.
  rd_kafka_topic_partition_list_t* get() const { return list_.get(); }
  int size() const { return list_ ? list_->cnt : 0; }
  rd_kafka_topic_partition_t* begin() const { return list_ ? list_->elems : nullptr; }
  rd_kafka_topic_partition_t* end() const { return list_ ? list_->elems + list_->cnt : nullptr; }

 private:
  struct Destroy {
    void operator()(rd_kafka_topic_partition_list_t* l) const {
      rd_kafka_topic_partition_list_destroy(l);
    }
  };
  std::unique_ptr<rd_kafka_topic_partition_list_t, Destroy> list_;
};

}  // namespace tweetmap
