#include "core/clock.hpp"

#include <poll.h>

#include "core/signals.hpp"

namespace tweetmap {

int64_t SystemClock::now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t SystemClock::mono_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

bool SystemClock::sleep_ms(int64_t ms) {
  int64_t deadline = mono_ms() + ms;
  for (;;) {
    if (stop_requested()) return false;
    int64_t left = deadline - mono_ms();
    if (left <= 0) return true;
    struct pollfd p {
      stop_fd(), POLLIN, 0
    };
    ::poll(&p, 1, static_cast<int>(left > 1000000 ? 1000000 : left));
  }
}

SystemClock& SystemClock::instance() {
  static SystemClock c;
  return c;
}

}  // namespace tweetmap
