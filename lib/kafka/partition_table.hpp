// kafka-sub's partition bookkeeping: what was read of each assigned partition, what reached its
// end, which offsets are still to be stored, where a start offset was already applied.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kafka/partition_list.hpp"

namespace tweetmap {

/// One partition being read.
struct PartitionState {
  std::string topic;
  int32_t partition = 0;
  bool eof = false;     ///< at its end (a partition EOF event since the last message)
  int64_t next = -1;    ///< offset after the last line written or buffered, -1 before the first
  int64_t stored = -1;  ///< the last offset handed out to be stored, -1 for none
};

/// The partitions a consumer reads and what it has done with each. Pure bookkeeping (no client):
/// the consumer feeds it messages, EOF events and (re)assignments and asks it what to store.
/// Not thread-safe (the consumer's poll thread owns it).
class PartitionTable {
 public:
  /// The partition's state, or null when it is not in the table. Fast for repeated look-ups of
  /// the same partition (the common case of a backlog).
  PartitionState* find(std::string_view topic, int32_t partition);
  /// The partition's state, added (nothing read yet) when it is not in the table.
  PartitionState& get(std::string_view topic, int32_t partition);

  /// A message at `offset` was written or buffered: no longer at the end, `next` after it.
  void on_message(std::string_view topic, int32_t partition, int64_t offset);
  /// The partition reached its end (ignored for a partition not in the table).
  void on_eof(std::string_view topic, int32_t partition);
  /// True when the table is not empty and every partition in it is at its end (-e).
  bool all_eof() const;

  /// The partition was (re)assigned: in the table, with nothing read or stored yet.
  void assigned(std::string_view topic, int32_t partition);
  /// The partition was revoked or lost: out of the table.
  void revoked(std::string_view topic, int32_t partition);

  /// True the first time it is asked for this partition in the table's life, also after the
  /// partition was revoked and assigned again: a start offset (-o) is applied once per run, so a
  /// rebalance never rewinds.
  bool first_start(std::string_view topic, int32_t partition);

  /// The offsets read since the last call (each partition's `next`, where it moved), marked as
  /// stored; a null list when nothing moved.
  PartitionList take_offsets_to_store();

  size_t size() const { return parts_.size(); }
  bool empty() const { return parts_.empty(); }
  std::vector<PartitionState>::const_iterator begin() const { return parts_.begin(); }
  std::vector<PartitionState>::const_iterator end() const { return parts_.end(); }

 private:
  std::vector<PartitionState> parts_;
  size_t last_ = 0;  // index of the last partition found
  std::set<std::pair<std::string, int32_t>, std::less<>> started_;
};

}  // namespace tweetmap
