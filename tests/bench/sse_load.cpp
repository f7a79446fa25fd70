// sse-load: load generator for SSE servers (sse-serve and the Flask baseline).
//
//   sse-load feed --rate 1000 --seconds 30 [--size 300]   records on stdout, "ts" = send time (ms)
//   sse-load clients --port P [--path /events] --clients N --duration S [--warmup S]
//                    [--connect-rate R]                     N streams, JSON summary on stdout
//
// One process, one Asio thread, many connections. Latency is now - ts of every event received
// (sender and receiver share the machine's clock), sampled after the warm-up.
#include <fmt/format.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <boost/asio.hpp>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int feed(double rate, double seconds, size_t size) {
  std::string pad(size > 200 ? size - 200 : 1, 'x');
  auto start = std::chrono::steady_clock::now();
  uint64_t sent = 0;
  std::string out;
  for (;;) {
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds > 0 && elapsed >= seconds) break;
    auto due = static_cast<uint64_t>(elapsed * rate) + 1;
    out.clear();
    int64_t ts = now_ms();
    for (; sent < due; ++sent) {
      fmt::format_to(std::back_inserter(out),
                     "{{\"id\":\"{}\",\"ts\":{},\"lat\":{:.4f},\"lon\":{:.4f},\"geo\":\"point\","
                     "\"text\":\"bench post {} #bench {}\",\"tags\":[\"bench\"],\"rt\":false,"
                     "\"src\":\"synth\"}}\n",
                     sent + 1, ts, -60.0 + (sent % 1200) * 0.1, -170.0 + (sent % 3400) * 0.1,
                     sent + 1, pad);
    }
    for (size_t off = 0; off < out.size();) {
      ssize_t n = ::write(1, out.data() + off, out.size() - off);
      if (n <= 0) return 0;  // the server went away
      off += static_cast<size_t>(n);
    }
    usleep(2000);
  }
  return 0;
}

struct Stats {
  std::vector<uint64_t> hist = std::vector<uint64_t>(120001, 0);  // 1 ms buckets
  uint64_t samples = 0;
  int connected = 0, failed = 0, closed = 0, bad_status = 0;
  void add(int64_t ms) {
    if (ms < 0) ms = 0;
    hist[static_cast<size_t>(std::min<int64_t>(ms, 120000))]++;
    ++samples;
  }
  int64_t pct(double p) const {
    if (samples == 0) return -1;
    uint64_t want = static_cast<uint64_t>(p * static_cast<double>(samples - 1)) + 1, seen = 0;
    for (size_t i = 0; i < hist.size(); ++i) {
      seen += hist[i];
      if (seen >= want) return static_cast<int64_t>(i);
    }
    return static_cast<int64_t>(hist.size() - 1);
  }
};

struct Client : std::enable_shared_from_this<Client> {
  Client(net::io_context& ioc, Stats& st, const int64_t& sample_from)
      : sock(ioc), timer(ioc), stats(st), sample_from_ms(sample_from) {}
  tcp::socket sock;
  net::steady_timer timer;  // gives up on a connection not answered in time
  Stats& stats;
  const int64_t& sample_from_ms;
  std::vector<char> buf = std::vector<char>(16384);
  size_t used = 0;
  bool head = false;
  bool reported = false;
  uint64_t events = 0;
  std::string request;
  std::function<void()> on_ready;

  // Reports the outcome of the connection attempt exactly once.
  void report(bool ok) {
    if (reported) return;
    reported = true;
    if (!ok) stats.failed++;
    timer.cancel();
    on_ready();
  }

  void start(const tcp::endpoint& ep, const std::string& path, std::function<void()> done) {
    on_ready = std::move(done);
    request = fmt::format("GET {} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n", path,
                          ep.address().to_string());
    timer.expires_after(std::chrono::seconds(20));
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec || self->reported) return;
      boost::system::error_code ignored;
      self->sock.close(ignored);
      self->report(false);
    });
    sock.async_connect(ep, [self = shared_from_this()](boost::system::error_code ec) {
      if (ec) return self->report(false);
      net::async_write(self->sock, net::buffer(self->request),
                       [self](boost::system::error_code ec2, size_t) {
                         if (ec2) return self->report(false);
                         self->read();
                       });
    });
  }

  void read() {
    if (used == buf.size()) buf.resize(buf.size() * 2);
    sock.async_read_some(net::buffer(buf.data() + used, buf.size() - used),
                         [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                           if (ec) {
                             if (!self->head) return self->report(false);
                             self->stats.closed++;
                             return;
                           }
                           self->used += n;
                           if (!self->consume()) return;
                           self->read();
                         });
  }

  bool consume() {
    char* b = buf.data();
    size_t start = 0;
    if (!head) {
      void* end = memmem(b, used, "\r\n\r\n", 4);
      if (!end) return true;
      head = true;
      bool ok = used >= 12 && std::memcmp(b + 9, "200", 3) == 0;
      if (ok) {
        stats.connected++;
      } else {
        stats.bad_status++;
      }
      report(true);
      if (!ok) return false;
      start = static_cast<size_t>(static_cast<char*>(end) - b) + 4;
    }
    // Complete lines only; "ts": appears once per event (in its data line).
    char* last_nl = static_cast<char*>(memrchr(b + start, '\n', used - start));
    if (!last_nl) {
      std::memmove(b, b + start, used - start);
      used -= start;
      return true;
    }
    size_t end = static_cast<size_t>(last_nl - b) + 1;
    int64_t now = now_ms();
    const char* p = b + start;
    const char* stop = b + end;
    while (p < stop) {
      const char* hit =
          static_cast<const char*>(memmem(p, static_cast<size_t>(stop - p), "\"ts\":", 5));
      if (!hit) break;
      hit += 5;
      int64_t ts = 0;
      while (hit < stop && *hit >= '0' && *hit <= '9') ts = ts * 10 + (*hit++ - '0');
      ++events;
      if (now >= sample_from_ms) stats.add(now - ts);
      p = hit;
    }
    std::memmove(b, b + end, used - end);
    used -= end;
    return true;
  }
};

int clients(const std::string& host, int port, const std::string& path, int n, double duration,
            double warmup, double connect_rate) {
  net::io_context ioc(1);
  Stats stats;
  tcp::endpoint ep(net::ip::make_address(host), static_cast<unsigned short>(port));
  std::vector<std::shared_ptr<Client>> all;
  int64_t sample_from = INT64_MAX;
  int pending = n;
  int64_t t0 = now_ms();
  net::steady_timer timer(ioc), end_timer(ioc);
  auto on_ready = [&] {
    if (--pending != 0) return;
    fmt::print(stderr, "sse-load: connected {} of {} in {} ms (failed {}, bad status {})\n",
               stats.connected, n, now_ms() - t0, stats.failed, stats.bad_status);
    sample_from = now_ms() + static_cast<int64_t>(warmup * 1000);
    end_timer.expires_after(
        std::chrono::milliseconds(static_cast<int64_t>((warmup + duration) * 1000)));
    end_timer.async_wait([&](boost::system::error_code) { ioc.stop(); });
  };
  // Connect at connect_rate per second, in small groups.
  int started = 0;
  std::function<void()> launch = [&] {
    int group = std::max(1, static_cast<int>(connect_rate / 100));
    for (int i = 0; i < group && started < n; ++i, ++started) {
      auto c = std::make_shared<Client>(ioc, stats, sample_from);
      all.push_back(c);
      c->start(ep, path, on_ready);
    }
    if (started < n) {
      timer.expires_after(std::chrono::milliseconds(10));
      timer.async_wait([&](boost::system::error_code) { launch(); });
    }
  };
  launch();
  ioc.run();
  std::vector<uint64_t> per;
  for (auto& c : all) per.push_back(c->events);
  std::sort(per.begin(), per.end());
  fmt::print(
      "{{\"clients\":{},\"connected\":{},\"failed\":{},\"bad_status\":{},\"closed\":{},"
      "\"samples\":{},\"p50_ms\":{},\"p90_ms\":{},\"p99_ms\":{},\"max_ms\":{},"
      "\"min_client_events\":{},\"median_client_events\":{}}}\n",
      n, stats.connected, stats.failed, stats.bad_status, stats.closed, stats.samples,
      stats.pct(0.5), stats.pct(0.9), stats.pct(0.99), stats.pct(1.0), per.empty() ? 0 : per[0],
      per.empty() ? 0 : per[per.size() / 2]);
  std::fflush(stdout);
  // Skip the orderly teardown of tens of thousands of sockets.
  std::_Exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Load generator for SSE servers", "sse-load"};
  app.require_subcommand(1);
  double rate = 1000, seconds = 30;
  size_t size = 300;
  auto* f = app.add_subcommand("feed", "Write timestamped records to stdout at a rate");
  f->add_option("--rate", rate, "Records per second");
  f->add_option("--seconds", seconds, "How long (0 = forever)");
  f->add_option("--size", size, "Approximate bytes per record");
  std::string host = "127.0.0.1", path = "/events";
  int port = 8080, n = 100;
  double duration = 10, warmup = 2, connect_rate = 2000;
  auto* c = app.add_subcommand("clients", "Hold N event streams and measure delivery latency");
  c->add_option("--host", host);
  c->add_option("--port", port)->required();
  c->add_option("--path", path);
  c->add_option("--clients", n);
  c->add_option("--duration", duration, "Seconds measured after the warm-up");
  c->add_option("--warmup", warmup, "Seconds after all connected before sampling");
  c->add_option("--connect-rate", connect_rate, "New connections per second");
  CLI11_PARSE(app, argc, argv);
  if (*f) return feed(rate, seconds, size);
  return clients(host, port, path, n, duration, warmup, connect_rate);
}
