// Waits shared by the reconnecting sources: how a delay is written in messages, and the test
// scale applied to every wait (TWEETMAP_TIME_SCALE).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace tweetmap {

/// "250ms", "5s", "1.5s", "320s": how delays are written in messages.
std::string format_delay(int64_t ms);

/// The one line a source prints when it stops retrying: "CAUSE; not retrying (--max-retries 0)"
/// or "giving up after N retries; last: CAUSE".
std::string give_up_message(int max_retries, std::string_view cause);

/// Reads TWEETMAP_TIME_SCALE (a positive number, for tests); 1 when unset. Bad values are a
/// kUsage error.
Result<double> time_scale_from_env();

}  // namespace tweetmap
