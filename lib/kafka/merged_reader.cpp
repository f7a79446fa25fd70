#include "kafka/merged_reader.hpp"

#include <algorithm>
#include <charconv>

namespace tweetmap {

MergedReader::MergedReader(rd_kafka_t* rk,
                           const std::vector<std::pair<std::string, int32_t>>& parts,
                           const std::string& field, bool end_is_done)
    : rk_(rk),
      parts_(parts.size()),
      merge_(parts.size(), kStallMs),
      by_field_(!field.empty()),
      end_is_done_(end_is_done),
      field_(KeySpec{KeySpec::Mode::kField, field}) {
  for (size_t i = 0; i < parts.size(); ++i) {
    Part& p = parts_[i];
    p.queue = rd_kafka_queue_get_partition(rk, parts[i].first.c_str(), parts[i].second);
    // Forwarding to nothing stops the partition's messages from going to the consumer queue:
    // they wait in this queue until the merge asks for them.
    if (p.queue)
      rd_kafka_queue_forward(p.queue, nullptr);
    else
      merge_.caught_up(i);
    p.batch.reserve(kBatch);
  }
}

MergedReader::~MergedReader() { release(); }

int64_t MergedReader::time_of(const rd_kafka_message_t* m) {
  if (by_field_ && m->payload) {
    std::string_view key, value;
    bool has_key = false;
    std::string_view line(static_cast<const char*>(m->payload), m->len);
    if (field_.split(line, false, key, has_key, value) == KeyExtractor::Outcome::kOk && has_key) {
      int64_t t = 0;
      auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), t);
      if (ec == std::errc() && end == key.data() + key.size()) return t;
    }
  }
  return rd_kafka_message_timestamp(m, nullptr);
}

void MergedReader::settle(size_t i, Clock& clock, rd_kafka_message_t* first) {
  Part& p = parts_[i];
  for (;;) {
    if (p.pos == p.batch.size()) {
      p.batch.clear();
      p.pos = 0;
      if (first) {
        p.batch.push_back(first);
        first = nullptr;
      } else {
        // A caught-up partition is not read further: what arrives now is live and newer than
        // the history still being merged, and goes through the consumer queue after the merge.
        if (!p.queue || merge_.is_caught_up(i)) return;
        p.batch.resize(kBatch);
        ssize_t n = rd_kafka_consume_batch_queue(p.queue, 0, p.batch.data(), kBatch);
        p.batch.resize(n > 0 ? static_cast<size_t>(n) : 0);
        if (p.batch.empty()) {
          merge_.empty(i, clock.mono_ms());
          return;
        }
      }
    }
    rd_kafka_message_t* head = p.batch[p.pos];
    if (!head->err) {
      p.head_time = time_of(head);
      merge_.offer(i, p.head_time);
      return;
    }
    // Events are not ordered by time: they go out before the partition's next message. An end
    // reached with old messages (history still being written) or none is not the present.
    if (head->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (end_is_done_ || (p.seen && p.last_time >= clock.now_ms() - kLiveMs))
        merge_.caught_up(i);
      else
        merge_.ended(i, clock.mono_ms(), kEndGraceMs);
    }
    events_.push_back(head);
    ++p.pos;
  }
}

rd_kafka_message_t* MergedReader::poll_consumer_queue() { return rd_kafka_consumer_poll(rk_, 0); }

bool MergedReader::poll_idle(Clock& clock) {
  bool woke = false;
  for (size_t i = 0; i < parts_.size(); ++i) {
    if (!merge_.is_idle(i)) continue;
    settle(i, clock);
    woke = woke || !merge_.is_idle(i) || !events_.empty();
  }
  return woke;
}

rd_kafka_message_t* MergedReader::next(Clock& clock, int timeout_ms) {
  if (released_) return nullptr;
  for (;;) {
    if (!events_.empty()) {
      rd_kafka_message_t* e = events_.front();
      events_.pop_front();
      return e;
    }
    CatchUpMerge::Step s = merge_.next(clock.mono_ms());
    Part& p = parts_[s.source < parts_.size() ? s.source : 0];
    switch (s.kind) {
      case CatchUpMerge::Step::Kind::kDone:
        release();
        return nullptr;
      case CatchUpMerge::Step::Kind::kTake: {
        rd_kafka_message_t* m = p.batch[p.pos++];
        merge_.taken(s.source);
        p.last_time = p.head_time;
        p.seen = true;
        if ((++merged_ & 63) == 0) (void)poll_idle(clock);  // woken ones are merged from now on
        // Consumer-level events (brokers down, ...) still arrive on the consumer queue.
        if ((merged_ & 1023) == 0) {
          if (rd_kafka_message_t* c = poll_consumer_queue()) events_.push_back(c);
        }
        settle(s.source, clock);
        return m;
      }
      case CatchUpMerge::Step::Kind::kWait: {
        if (rd_kafka_message_t* c = poll_consumer_queue()) return c;
        if (poll_idle(clock)) continue;
        const int wait =
            timeout_ms <= 0 ? 0 : static_cast<int>(std::min<int64_t>(timeout_ms, s.wait_ms));
        if (rd_kafka_message_t* m = rd_kafka_consume_queue(p.queue, wait)) {
          settle(s.source, clock, m);
          continue;
        }
        const size_t stalled = merge_.stalled();
        merge_.empty(s.source, clock.mono_ms());
        if (merge_.stalled() != stalled) continue;
        return nullptr;
      }
    }
  }
}

void MergedReader::release() {
  if (released_) return;
  released_ = true;
  rd_kafka_queue_t* consumer = rd_kafka_queue_get_consumer(rk_);
  for (Part& p : parts_) {
    for (size_t j = p.pos; j < p.batch.size(); ++j) rd_kafka_message_destroy(p.batch[j]);
    p.batch.clear();
    p.pos = 0;
    if (!p.queue) continue;
    // What the queue still holds moves to the consumer queue, in order, and so does what the
    // partition fetches from now on.
    if (consumer) rd_kafka_queue_forward(p.queue, consumer);
    rd_kafka_queue_destroy(p.queue);
    p.queue = nullptr;
  }
  if (consumer) rd_kafka_queue_destroy(consumer);
  for (rd_kafka_message_t* e : events_) rd_kafka_message_destroy(e);
  events_.clear();
}

}  // namespace tweetmap
