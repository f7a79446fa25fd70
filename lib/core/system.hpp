// Facts about the process and its environment that several tools need: the cores it may use and
// secrets read from files.
#pragma once

#include <string>

#include "core/status.hpp"

namespace tweetmap {

/// The cores this process may run on (taskset, cgroup cpusets), at least 1: the default number of
/// threads of the tools that use several.
unsigned available_cores();

/// Reads a secret from a file (first line, trailing whitespace trimmed). Errors name the file but
/// never include its content.
Result<std::string> read_secret_file(const std::string& path);

}  // namespace tweetmap
