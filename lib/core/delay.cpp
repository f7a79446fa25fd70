#include "core/delay.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace tweetmap {

std::string format_delay(int64_t ms) {
  if (ms <= 0) return "0s";
  if (ms < 1000) return fmt::format("{}ms", ms);
  if (ms % 1000 == 0) return fmt::format("{}s", ms / 1000);
  std::string s = fmt::format("{:.3f}", static_cast<double>(ms) / 1000.0);
  while (s.back() == '0') s.pop_back();
  return s + "s";
}

std::string give_up_message(int max_retries, std::string_view cause) {
  if (max_retries == 0) return fmt::format("{}; not retrying (--max-retries 0)", cause);
  return fmt::format("giving up after {} {}; last: {}", max_retries,
                     max_retries == 1 ? "retry" : "retries", cause);
}

Result<double> time_scale_from_env() {
  const char* env = std::getenv("TWEETMAP_TIME_SCALE");
  if (!env || !*env) return 1.0;
  char* end = nullptr;
  double v = std::strtod(env, &end);
  if (*end != '\0' || !(v > 0) || !std::isfinite(v))
    return usage_error(
        fmt::format("TWEETMAP_TIME_SCALE: expected a positive number, got '{}'", env));
  return v;
}

}  // namespace tweetmap
