// Server-Sent Events as the WHATWG HTML standard defines the event stream format, read line by
// line (lines come from a LineSplitter): `event:`, `data:`, `id:`, `retry:` fields, `:` comments
// (Mastodon's heartbeats), a blank line dispatching the event. Memory is bounded.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tweetmap {

/// Push-style SSE parser. Single-threaded; the views it hands out live until the next line().
class SseReader {
 public:
  explicit SseReader(size_t max_event_bytes = 1 << 20) : max_(max_event_bytes) {}

  enum class Kind {
    kNone,       ///< the line was a field of an event still being read (or ignored)
    kEvent,      ///< a blank line completed an event: event() and data() hold it
    kComment,    ///< a line starting with ':' (a heartbeat)
    kOversized,  ///< a blank line completed an event whose data went over the limit (dropped)
  };

  /// Reads one line (without its line ending).
  Kind line(std::string_view l);
  /// A line too long to be read was dropped: the event it belongs to is dropped too (its blank
  /// line then gives kOversized).
  void drop_line() {
    pending_ = oversized_ = true;
    has_data_ = false;
    data_.clear();
  }
  /// Ends the stream: an event not yet completed by a blank line is discarded, as the standard
  /// says. True when there was one (a drop in the middle of an event).
  bool reset();

  /// The completed event's type ("message" when it had no event field).
  std::string_view event() const {
    return out_event_.empty() ? std::string_view("message") : out_event_;
  }
  /// Its data lines joined with "\n".
  std::string_view data() const { return out_data_; }
  /// The last `id:` seen (the standard's last event ID buffer).
  const std::string& last_id() const { return last_id_; }
  size_t max_event_bytes() const { return max_; }

 private:
  size_t max_;
  std::string event_, data_, last_id_;  // the event being read
  bool has_data_ = false, oversized_ = false, pending_ = false;
  std::string out_event_, out_data_;  // the last completed event
};

}  // namespace tweetmap
