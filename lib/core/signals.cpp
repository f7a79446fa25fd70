#include "core/signals.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>

namespace tweetmap {
namespace {

std::atomic<int> g_signal{0};
std::atomic<bool> g_stop{false};
int g_pipe[2] = {-1, -1};

void wake() {
  if (g_pipe[1] >= 0) {
    char c = 1;
    [[maybe_unused]] ssize_t n = ::write(g_pipe[1], &c, 1);
  }
}

void on_signal(int sig) {
  g_signal.store(sig);
  g_stop.store(true);
  wake();
}

void ensure_pipe() {
  if (g_pipe[0] >= 0) return;
  if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_pipe[0] = g_pipe[1] = -1;
}

}  // namespace

void install_signal_handlers() {
  ensure_pipe();
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: blocking calls return EINTR
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  struct sigaction ign {};
  ign.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ign, nullptr);
}

bool stop_requested() { return g_stop.load(std::memory_order_relaxed); }
int stop_signal() { return g_signal.load(); }

void request_stop(int signal_number) {
  if (signal_number) g_signal.store(signal_number);
  g_stop.store(true);
  wake();
}

int stop_fd() {
  ensure_pipe();
  return g_pipe[0];
}

}  // namespace tweetmap
