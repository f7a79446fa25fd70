// Where kafka-sub starts reading: -o beginning|end|stored|N|-N|@TIMESTAMP_MS.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/status.hpp"

namespace tweetmap {

/// A parsed -o value. Plain value type.
struct OffsetSpec {
  enum class Kind {
    kBeginning,  ///< the oldest retained message
    kEnd,        ///< only messages produced from now on
    kStored,     ///< the consumer group's committed offset
    kAbsolute,   ///< offset `value` in every partition
    kTail,       ///< the last `value` messages of every partition
    kTimestamp,  ///< the first message with timestamp >= `value` (ms since the epoch)
  };
  Kind kind = Kind::kBeginning;
  int64_t value = 0;
  bool operator==(const OffsetSpec&) const = default;
};

/// Parses an -o value (kcat syntax: "beginning", "end", "stored", "N", "-N", "@TS"; "s@TS" is
/// accepted as kcat's spelling of "@TS"). Errors (kUsage) quote the text.
Result<OffsetSpec> parse_offset_spec(std::string_view text);

/// The librdkafka logical or absolute offset for kinds other than kStored and kTimestamp
/// (RD_KAFKA_OFFSET_BEGINNING, _END, N, RD_KAFKA_OFFSET_TAIL(N)).
int64_t offset_spec_to_rdkafka(const OffsetSpec& spec);

}  // namespace tweetmap
