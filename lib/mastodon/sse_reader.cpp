#include "mastodon/sse_reader.hpp"

namespace tweetmap {

SseReader::Kind SseReader::line(std::string_view l) {
  if (l.empty()) {
    // Dispatch. An event without a data line is not dispatched (the standard).
    bool had = has_data_, over = oversized_;
    if (had) {
      out_event_.swap(event_);
      out_data_.swap(data_);
    }
    reset();
    if (over) return Kind::kOversized;
    return had ? Kind::kEvent : Kind::kNone;
  }
  if (l[0] == ':') return Kind::kComment;
  pending_ = true;
  size_t colon = l.find(':');
  std::string_view field = l.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = l.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
  }
  if (field == "event") {
    event_.assign(value.substr(0, 256));
  } else if (field == "data") {
    if (oversized_) return Kind::kNone;
    size_t need = data_.size() + (has_data_ ? 1 : 0) + value.size();
    if (need > max_) {
      // Dropped whole; the buffer is given back so memory stays at the limit.
      oversized_ = true;
      std::string().swap(data_);
      has_data_ = false;
      return Kind::kNone;
    }
    if (has_data_) data_.push_back('\n');
    data_.append(value);
    has_data_ = true;
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) last_id_.assign(value.substr(0, 256));
  }
  // "retry" and unknown fields are ignored.
  return Kind::kNone;
}

bool SseReader::reset() {
  bool partial = pending_;
  event_.clear();
  data_.clear();
  pending_ = has_data_ = oversized_ = false;
  return partial;
}

}  // namespace tweetmap
