#include "kafka/partition_table.hpp"

#include <algorithm>

namespace tweetmap {

PartitionState* PartitionTable::find(std::string_view topic, int32_t partition) {
  if (last_ < parts_.size() && parts_[last_].partition == partition && parts_[last_].topic == topic)
    return &parts_[last_];
  for (size_t i = 0; i < parts_.size(); ++i) {
    if (parts_[i].partition == partition && parts_[i].topic == topic) {
      last_ = i;
      return &parts_[i];
    }
  }
  return nullptr;
}

PartitionState& PartitionTable::get(std::string_view topic, int32_t partition) {
  if (PartitionState* p = find(topic, partition)) return *p;
  parts_.push_back({std::string(topic), partition});
  return parts_.back();
}

void PartitionTable::on_message(std::string_view topic, int32_t partition, int64_t offset) {
  PartitionState& p = get(topic, partition);
  p.eof = false;
  p.next = offset + 1;
}

void PartitionTable::on_eof(std::string_view topic, int32_t partition) {
  if (PartitionState* p = find(topic, partition)) p->eof = true;
}

bool PartitionTable::all_eof() const {
  return !parts_.empty() &&
         std::all_of(parts_.begin(), parts_.end(), [](const PartitionState& p) { return p.eof; });
}

void PartitionTable::assigned(std::string_view topic, int32_t partition) {
  PartitionState& p = get(topic, partition);
  p.eof = false;
  p.next = p.stored = -1;
}

void PartitionTable::revoked(std::string_view topic, int32_t partition) {
  std::erase_if(parts_, [&](const PartitionState& p) {
    return p.partition == partition && p.topic == topic;
  });
  last_ = 0;
}

bool PartitionTable::first_start(std::string_view topic, int32_t partition) {
  return started_.emplace(std::string(topic), partition).second;
}

PartitionList PartitionTable::take_offsets_to_store() {
  PartitionList list;
  for (PartitionState& p : parts_) {
    if (p.next < 0 || p.next == p.stored) continue;
    if (!list) list = PartitionList::with_capacity(static_cast<int>(parts_.size()));
    list.add(p.topic.c_str(), p.partition, p.next);
    p.stored = p.next;
  }
  return list;
}

}  // namespace tweetmap
