// Diagnostics on stderr, prefixed "<tool>: error: ...", with a process-wide verbosity.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace tweetmap {

/// -q lowers, -v raises. Errors always print; warnings unless kQuiet; info at kVerbose; debug at
/// kDebug.
enum class Verbosity { kQuiet = 0, kNormal = 1, kVerbose = 2, kDebug = 3 };

/// Sets the tool name used as prefix. Call once at start-up (not thread-safe against logging).
void set_tool_name(std::string_view name);
const char* tool_name();
void set_verbosity(Verbosity v);
Verbosity verbosity();

/// Writes one line "<tool>: <level>: <message>\n" to stderr in a single write (thread-safe).
void log_line(std::string_view level, std::string_view message);

template <typename... Args>
void log_error(fmt::format_string<Args...> f, Args&&... args) {
  log_line("error", fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void log_warning(fmt::format_string<Args...> f, Args&&... args) {
  if (verbosity() >= Verbosity::kNormal)
    log_line("warning", fmt::format(f, std::forward<Args>(args)...));
}
/// Plain informational line ("<tool>: message"), shown at normal verbosity.
template <typename... Args>
void log_notice(fmt::format_string<Args...> f, Args&&... args) {
  if (verbosity() >= Verbosity::kNormal) log_line("", fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void log_info(fmt::format_string<Args...> f, Args&&... args) {
  if (verbosity() >= Verbosity::kVerbose)
    log_line("info", fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void log_debug(fmt::format_string<Args...> f, Args&&... args) {
  if (verbosity() >= Verbosity::kDebug)
    log_line("debug", fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace tweetmap
