#include "kafka/message_batch.hpp"

namespace tweetmap {

MessageBatch::MessageBatch(size_t capacity) : capacity_(capacity) {
  messages_.reserve(capacity);
  lines_.reserve(capacity);
  key_at_.reserve(capacity);
}

void MessageBatch::add(std::string_view line, std::string_view key, bool has_key,
                       std::string_view value, void* opaque, uint64_t line_no) {
  rd_kafka_message_t m{};
  m.payload = const_cast<char*>(value.data());
  m.len = value.size();
  m.key_len = has_key ? key.size() : 0;
  m._private = opaque;
  bool copy = has_key &&
              !(key.data() >= line.data() && key.data() + key.size() <= line.data() + line.size());
  if (has_key && !copy) m.key = const_cast<char*>(key.data());
  // A copied key's address is set by messages(): keys_ may move while the batch fills.
  key_at_.push_back(copy ? keys_.size() : kNoKey);
  if (copy) keys_.append(key);
  messages_.push_back(m);
  lines_.push_back(line_no);
}

rd_kafka_message_t* MessageBatch::messages() {
  for (size_t i = 0; i < messages_.size(); ++i)
    if (key_at_[i] != kNoKey) messages_[i].key = keys_.data() + key_at_[i];
  return messages_.data();
}

void MessageBatch::clear() {
  messages_.clear();
  lines_.clear();
  key_at_.clear();
  keys_.clear();
}

}  // namespace tweetmap
