#include "core/system.hpp"

#include <fmt/format.h>
#include <sched.h>

#include <algorithm>
#include <fstream>

namespace tweetmap {

unsigned available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
}

Result<std::string> read_secret_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return io_error(fmt::format("cannot read secret file {}", path));
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.pop_back();
  if (line.empty()) return usage_error(fmt::format("secret file {} is empty", path));
  return line;
}

}  // namespace tweetmap
