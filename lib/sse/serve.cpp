#include "sse/serve.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <limits>
#include <thread>

#include "core/clock.hpp"
#include "core/line_io.hpp"
#include "core/log.hpp"
#include "core/signals.hpp"
#include "core/system.hpp"

namespace tweetmap {
namespace net = boost::asio;

namespace {

/// Reads a file descriptor, but reports the end of input as soon as a stop is requested (so the
/// reader thread never outlives the server).
class StoppableSource : public ByteSource {
 public:
  explicit StoppableSource(std::unique_ptr<FdSource> inner) : inner_(std::move(inner)) {}
  Result<size_t> read(char* buf, size_t n) override {
    for (;;) {
      if (stop_requested()) return size_t{0};
      pollfd fds[2] = {{inner_->fd(), POLLIN, 0}, {stop_fd(), POLLIN, 0}};
      int r = ::poll(fds, 2, -1);
      if (r < 0 && errno == EINTR) continue;
      if (fds[1].revents) return size_t{0};
      return inner_->read(buf, n);
    }
  }
  std::string name() const override { return inner_->name(); }
  /// Waits up to `ms` for input (or a stop). True when a read would not block.
  bool wait_readable(int ms) {
    pollfd fds[2] = {{inner_->fd(), POLLIN, 0}, {stop_fd(), POLLIN, 0}};
    return ::poll(fds, 2, ms) > 0;
  }

 private:
  std::unique_ptr<FdSource> inner_;
};

constexpr int kSkipWarnings = 10;
constexpr size_t kMaxBatch = 1024;

int64_t mono_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// Publishes the input's lines until its end; a read error is returned (the caller reports it).
Status read_input(std::unique_ptr<StoppableSource> src, SseHub& hub, ServerMetrics& metrics,
                  double coalesce_ms, WakeQueue* wakes) {
  // The clients one publish wakes are handed to the writers once it has queued them all (the
  // heartbeat timer below does the same).
  auto publish = [&](const std::vector<EventPtr>& events) {
    WakeQueue::Hold hold(wakes);
    hub.publish(events);
  };
  StoppableSource* source = src.get();
  LineReader reader(std::move(src));
  // Coalescing: while events come more often than twice a window, a window starts with a
  // publish and what arrives within it is gathered into the next write; a sparser stream (its
  // mean gap between events, smoothed, at least half a window) is published event by event,
  // which costs no more writes and adds no wait.
  const int64_t window_us = static_cast<int64_t>(coalesce_ms * 1000);
  int64_t last_publish_us = std::numeric_limits<int64_t>::min() / 2;
  int64_t last_event_us = last_publish_us;
  double mean_gap_us = static_cast<double>(window_us);
  std::vector<EventPtr> batch;
  std::string_view line;
  std::string why;
  int warned = 0;
  auto warn = [&](const std::string& msg) {
    if (warned < kSkipWarnings) log_warning("{}", msg);
    if (++warned == kSkipWarnings) log_warning("further skipped lines are only counted (/metrics)");
  };
  for (;;) {
    auto next = reader.next(line);
    if (next == LineReader::Next::kLine) {
      if (EventPtr ev = hub.make_event(line, true, &why)) {
        const int64_t now = mono_us();
        const double gap =
            static_cast<double>(std::min<int64_t>(now - last_event_us, window_us * 4));
        mean_gap_us += (gap - mean_gap_us) / 8;
        last_event_us = now;
        batch.push_back(std::move(ev));
      } else if (why != "blank line") {
        warn(fmt::format("line {} skipped: {}", reader.line_number(), why));
      }
    } else if (next == LineReader::Next::kOversized) {
      metrics.lines_in.fetch_add(1, std::memory_order_relaxed);
      metrics.input_skipped.fetch_add(1, std::memory_order_relaxed);
      warn(fmt::format("line {} skipped: too long", reader.line_number()));
    } else {
      if (next == LineReader::Next::kError) {
        publish(batch);
        return reader.status();
      }
      break;
    }
    // Publish when the reader would block and the window since the last publish is over (or
    // nothing more comes before it ends): one write per client carries every event of the
    // window instead of one write per event, and a lone event is not held back.
    if (batch.empty() || reader.has_buffered_line()) {
      if (batch.size() < kMaxBatch) continue;
    } else {
      const bool sparse = mean_gap_us * 2 >= static_cast<double>(window_us);
      const int64_t left_us = last_publish_us + window_us - mono_us();
      if (!sparse && left_us > 0 && batch.size() < kMaxBatch &&
          source->wait_readable(static_cast<int>((left_us + 999) / 1000)))
        continue;
    }
    publish(batch);
    batch.clear();
    last_publish_us = mono_us();
  }
  publish(batch);
  return Status::ok();
}

/// A periodic timer calling `fn` every `seconds` until the io_context stops.
void every(net::steady_timer& t, double seconds, std::function<void()> fn) {
  t.expires_after(std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6)));
  t.async_wait([&t, seconds, fn = std::move(fn)](boost::system::error_code ec) mutable {
    if (ec) return;
    fn();
    every(t, seconds, std::move(fn));
  });
}

}  // namespace

Status run_sse_serve(const SseServeOptions& opts) {
  std::unique_ptr<StaticFiles> web;
  if (!opts.web_dir.empty()) {
    auto w = StaticFiles::open(opts.web_dir);
    if (!w) return w.status();
    web = std::move(*w);
  }
  auto input = open_file_source(opts.input);
  if (!input) return input.status();
  auto endpoint = resolve_listen_address(opts.listen);
  if (!endpoint) return endpoint.status();

  ServerMetrics metrics;
  Clock& clock = SystemClock::instance();
  SseHub hub(static_cast<uint64_t>(clock.now_ms()), opts.history, clock, metrics);
  std::atomic<bool> input_open{true};
  unsigned threads = opts.threads ? opts.threads : available_cores();
  net::io_context ioc(static_cast<int>(threads));
  WakeQueue wakes(ioc.get_executor());
  RouteOptions route_opts = opts.routes;
  route_opts.session.wakes = &wakes;
  SseRoutes routes(std::move(route_opts), hub, metrics, web.get(), input_open);
  HttpServer server(ioc, routes, opts.http, metrics);
  if (Status st = server.listen(*endpoint); !st) return st;
  auto bound = server.local_endpoint();
  std::string host = bound.address().is_v6() ? fmt::format("[{}]", bound.address().to_string())
                                             : bound.address().to_string();
  log_notice("listening on http://{}:{}/", host, bound.port());

  auto work = net::make_work_guard(ioc);
  std::atomic<bool> stopping{false};
  net::steady_timer heartbeat_timer(ioc), prune_timer(ioc), stats_timer(ioc), drain_timer(ioc);
  auto snapshot = [&] {
    MetricsSnapshot s;
    hub.fill_snapshot(s);
    s.input_open = input_open.load();
    return s;
  };
  std::function<void()> drain_check, closed_check;
  net::steady_timer close_timer(ioc);
  // Stops everything; `drain` first gives the clients up to drain_s to receive their queues.
  std::function<void(bool)> shutdown = [&](bool drain) {
    if (stopping.exchange(true)) return;
    net::post(ioc, [&, drain] {
      server.stop();
      auto finish = [&] {
        hub.clear_subscribers();
        heartbeat_timer.cancel();
        prune_timer.cancel();
        stats_timer.cancel();
        drain_timer.cancel();
        work.reset();
        // The streams end after the frame each is writing: wait for them (a client that takes
        // nothing is reset after SseSession::kCloseGraceMs), then stop whatever is still pending.
        auto until = std::chrono::steady_clock::now() +
                     std::chrono::milliseconds(SseSession::kCloseGraceMs + 200);
        closed_check = [&, until] {
          if (metrics.clients.load() <= 0 || std::chrono::steady_clock::now() >= until)
            return ioc.stop();
          close_timer.expires_after(std::chrono::milliseconds(10));
          close_timer.async_wait([&](boost::system::error_code) { closed_check(); });
        };
        net::post(ioc, [&] { closed_check(); });
      };
      if (!drain) return finish();
      auto deadline = std::chrono::steady_clock::now() +
                      std::chrono::milliseconds(static_cast<int64_t>(opts.drain_s * 1000));
      drain_check = [&, deadline, finish] {
        MetricsSnapshot s = snapshot();
        if (s.queued_bytes == 0 || std::chrono::steady_clock::now() >= deadline) return finish();
        drain_timer.expires_after(std::chrono::milliseconds(20));
        drain_timer.async_wait([&](boost::system::error_code) { drain_check(); });
      };
      drain_check();
    });
  };

  // SIGINT/SIGTERM (or request_stop) wake the stop pipe.
  net::posix::stream_descriptor stop_watch(ioc, ::dup(stop_fd()));
  stop_watch.async_wait(net::posix::stream_descriptor::wait_read,
                        [&](boost::system::error_code ec) {
                          if (!ec) shutdown(false);
                        });
  if (opts.heartbeat_s > 0) {
    every(heartbeat_timer, opts.heartbeat_s, [&] {
      WakeQueue::Hold hold(&wakes);  // like a publish: every client queued, then handed out
      hub.heartbeat();
    });
  }
  if (opts.history.max_seconds > 0) every(prune_timer, 1.0, [&] { hub.prune(); });
  if (opts.stats_s > 0)
    every(stats_timer, opts.stats_s,
          [&] { log_notice("{}", render_stats_line(metrics, snapshot())); });

  server.start();
  Status read_status;  // written by the reader thread before it ends, read after join()
  std::thread reader([&, src = std::make_unique<StoppableSource>(std::move(*input))]() mutable {
    read_status = read_input(std::move(src), hub, metrics, opts.coalesce_ms, &wakes);
    input_open.store(false);
    if (!read_status) {
      // The input is broken, not ended: stop (after the drain) and exit with the error (the
      // caller reports it), under any --on-eof.
      return shutdown(true);
    }
    if (stop_requested()) return;
    log_info("input ended after {} lines", metrics.lines_in.load());
    if (opts.exit_on_eof) shutdown(true);
  });

  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  // The reader ends by itself (end of input) or on the stop request.
  if (!stop_requested() && input_open.load()) request_stop(0);
  reader.join();
  hub.clear_subscribers();
  uint64_t skipped = metrics.input_skipped.load();
  if (skipped > 0) log_warning("{} input lines skipped", skipped);
  if (opts.stats_s > 0) log_notice("{}", render_stats_line(metrics, snapshot()));
  return read_status;
}

}  // namespace tweetmap
