// SIGINT/SIGTERM handling shared by every tool: a flag to poll and an fd to wait on.
#pragma once

namespace tweetmap {

/// Installs handlers for SIGINT and SIGTERM (set the stop flag, wake stop_fd()) and ignores
/// SIGPIPE (writes then fail with EPIPE, which OutputSink reports as a broken pipe).
/// Call once from main before starting threads. Handlers do not use SA_RESTART, so blocking
/// reads return EINTR and notice the stop.
void install_signal_handlers();

/// True once SIGINT or SIGTERM arrived (async-signal-safe, lock-free).
bool stop_requested();
/// The signal that requested the stop, or 0.
int stop_signal();
/// Requests a stop from code (e.g. a test or a fatal error in another thread).
void request_stop(int signal_number = 0);
/// A file descriptor that becomes readable once a stop is requested (for poll/asio).
int stop_fd();

}  // namespace tweetmap
