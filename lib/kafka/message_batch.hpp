// kafka-pub's batch: the messages handed to librdkafka in one rd_kafka_produce_batch call.
#pragma once

#include <librdkafka/rdkafka.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tweetmap {

/// Up to `capacity` messages for rd_kafka_produce_batch, with the input line number of each.
/// Payloads are not copied: each stays where it is (in its input chunk) and the caller keeps it
/// there until its delivery report. A key that lies inside its line is not copied either; one
/// elsewhere (an unescaped --key-field, in a buffer the next line reuses) is copied into the
/// batch and lives until clear() (librdkafka copies keys when it takes them). Not thread-safe.
class MessageBatch {
 public:
  explicit MessageBatch(size_t capacity);

  /// Adds the message `value` (inside `line`), keyed by `key` when `has_key`; `opaque` becomes
  /// the message's _private (the delivery report's opaque).
  void add(std::string_view line, std::string_view key, bool has_key, std::string_view value,
           void* opaque, uint64_t line_no);

  /// The messages, their keys in place: for rd_kafka_produce_batch, which writes each one's
  /// outcome into its `err`. Valid until the next add() or clear().
  rd_kafka_message_t* messages();
  rd_kafka_message_t& operator[](size_t i) { return messages_[i]; }
  /// The input line number of message `i`.
  uint64_t line_number(size_t i) const { return lines_[i]; }

  size_t size() const { return messages_.size(); }
  bool empty() const { return messages_.empty(); }
  bool full() const { return messages_.size() >= capacity_; }
  /// Empties the batch (keeps its memory).
  void clear();

 private:
  static constexpr size_t kNoKey = static_cast<size_t>(-1);
  size_t capacity_;
  std::vector<rd_kafka_message_t> messages_;
  std::vector<uint64_t> lines_;  // the line number of each message
  std::vector<size_t> key_at_;   // where a copied key is in keys_, else kNoKey
  std::string keys_;             // the copied keys, one after the other
};

}  // namespace tweetmap
