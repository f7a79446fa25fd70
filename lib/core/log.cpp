#include "core/log.hpp"

#include <unistd.h>

#include <atomic>
#include <string>

namespace tweetmap {
namespace {
std::string g_tool = "tweetmap";
std::atomic<Verbosity> g_verbosity{Verbosity::kNormal};
}  // namespace

void set_tool_name(std::string_view name) { g_tool = std::string(name); }
const char* tool_name() { return g_tool.c_str(); }
void set_verbosity(Verbosity v) { g_verbosity.store(v); }
Verbosity verbosity() { return g_verbosity.load(); }

void log_line(std::string_view level, std::string_view message) {
  std::string line;
  line.reserve(g_tool.size() + level.size() + message.size() + 5);
  line += g_tool;
  line += ": ";
  if (!level.empty()) {
    line += level;
    line += ": ";
  }
  line += message;
  line += '\n';
  // One write(2) so that lines from several threads never interleave.
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n <= 0) break;
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace tweetmap
