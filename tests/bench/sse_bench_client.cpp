// sse-bench-client: many SSE clients in one thread, for the service tests and benchmarks.
//
//   sse-bench-client --url http://127.0.0.1:8080/events [--url ...] --clients 100
//                    [--duration S] [--expect N] [--idle S] [--resume] [--since S] [--churn S]
//                    [--keep-ids K] [--ids-dir DIR] [--ready FILE] [--report FILE]
//
// Clients are spread over the URLs round-robin. Each counts the `tweet` events it receives,
// checks that the event sequence numbers of one server epoch have no gaps (`id: EPOCH-SEQ`),
// measures creation-to-client latency (arrival time minus the record's `ts`) into a 1 ms
// histogram, and (the first K clients, --keep-ids) keeps the distinct post ids it saw, written
// to DIR/client-N.ids at the end. --resume reconnects after any disconnect with Last-Event-ID
// (and since= for the reset after a server restart); --churn closes a random client every S
// seconds and lets it resume. A JSON report goes to --report (else stdout).
#include <algorithm>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr size_t kHistMs = 60000;

struct Options {
  std::vector<std::string> urls;
  int clients = 1;
  double duration_s = 0, idle_s = 0, churn_s = 0;
  uint64_t expect = 0;
  bool resume = false;
  int since_s = 0;
  int keep_ids = 0;
  std::string ids_dir, ready, report;
};

struct Url {
  std::string host, port, target;
};

bool parse_url(const std::string& s, Url& u) {
  constexpr std::string_view kHttp = "http://";
  if (s.rfind(kHttp, 0) != 0) return false;
  std::string rest = s.substr(kHttp.size());
  size_t slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  u.target = slash == std::string::npos ? "/" : rest.substr(slash);
  size_t colon = hostport.rfind(':');
  u.host = hostport.substr(0, colon);
  u.port = colon == std::string::npos ? "80" : hostport.substr(colon + 1);
  return !u.host.empty();
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Shared {
  std::vector<uint64_t> hist = std::vector<uint64_t>(kHistMs + 1, 0);
  int64_t last_event_ms = 0;
  int connected_once = 0;
};

class Client : public std::enable_shared_from_this<Client> {
 public:
  Client(net::io_context& io, Url url, const Options& o, Shared& sh, bool keep_ids)
      : io_(io),
        socket_(io),
        timer_(io),
        url_(std::move(url)),
        o_(o),
        sh_(sh),
        keep_ids_(keep_ids) {}

  void start() { connect(); }
  void churn() {
    if (!connected_) return;
    ++churned_;
    boost::system::error_code ec;
    socket_.close(ec);
  }
  void stop() {
    stopped_ = true;
    boost::system::error_code ec;
    socket_.close(ec);
    timer_.cancel();
  }
  uint64_t progress() const { return keep_ids_ ? ids_.size() : tweets_; }

  void report(std::string& out, int idx) const {
    out += "{\"client\":" + std::to_string(idx) + ",\"tweets\":" + std::to_string(tweets_) +
           ",\"distinct\":" + (keep_ids_ ? std::to_string(ids_.size()) : "null") +
           ",\"duplicates\":" + (keep_ids_ ? std::to_string(dups_) : "null") +
           ",\"seq_gaps\":" + std::to_string(gaps_) + ",\"missed\":" + std::to_string(missed_) +
           ",\"resets\":" + std::to_string(resets_) + ",\"lag_events\":" + std::to_string(lags_) +
           ",\"connects\":" + std::to_string(connects_) +
           ",\"churned\":" + std::to_string(churned_) + "}";
  }
  void write_ids(const std::string& path) const {
    std::vector<uint64_t> v(ids_.begin(), ids_.end());
    std::sort(v.begin(), v.end());
    std::ofstream f(path);
    for (uint64_t id : v) f << id << '\n';
  }
  uint64_t tweets() const { return tweets_; }
  uint64_t gaps() const { return gaps_; }
  uint64_t missed() const { return missed_; }
  uint64_t resets() const { return resets_; }
  uint64_t dups() const { return dups_; }

 private:
  void connect() {
    if (stopped_) return;
    tcp::resolver r(io_);
    boost::system::error_code ec;
    auto eps = r.resolve(url_.host, url_.port, ec);
    if (ec) return retry();
    net::async_connect(socket_, eps, [self = shared_from_this()](auto ec, const auto&) {
      if (ec) return self->retry();
      self->send_request();
    });
  }
  void send_request() {
    std::string target = url_.target;
    if (o_.since_s > 0) {
      target += target.find('?') == std::string::npos ? '?' : '&';
      target += "since=" + std::to_string(o_.since_s);
    }
    request_ =
        "GET " + target + " HTTP/1.1\r\nHost: " + url_.host + "\r\nAccept: text/event-stream\r\n";
    if (!last_id_.empty()) request_ += "Last-Event-ID: " + last_id_ + "\r\n";
    request_ += "\r\n";
    net::async_write(socket_, net::buffer(request_), [self = shared_from_this()](auto ec, size_t) {
      if (ec) return self->retry();
      self->acc_.clear();
      self->header_done_ = false;
      self->read();
    });
  }
  void read() {
    socket_.async_read_some(net::buffer(buf_), [self = shared_from_this()](auto ec, size_t n) {
      if (ec) return self->retry();
      self->acc_.append(self->buf_.data(), n);
      if (!self->consume()) return self->retry();
      self->read();
    });
  }
  void retry() {
    if (connected_) connected_ = false;
    boost::system::error_code ec;
    socket_.close(ec);
    if (stopped_ || (!o_.resume && connects_ > 0)) return;
    timer_.expires_after(std::chrono::milliseconds(connects_ == 0 ? 100 : 50));
    timer_.async_wait([self = shared_from_this()](auto ec) {
      if (!ec) self->connect();
    });
  }
  // Processes complete lines in acc_; false on a bad response.
  bool consume() {
    size_t pos = 0;
    if (!header_done_) {
      size_t end = acc_.find("\r\n\r\n");
      if (end == std::string::npos) return acc_.size() < 65536;
      if (acc_.compare(0, 12, "HTTP/1.1 200") != 0) {
        std::fprintf(stderr, "sse-bench-client: %s\n", acc_.substr(0, acc_.find('\r')).c_str());
        return false;
      }
      header_done_ = true;
      connected_ = true;
      if (connects_++ == 0) ++sh_.connected_once;
      pos = end + 4;
    }
    for (;;) {
      size_t nl = acc_.find('\n', pos);
      if (nl == std::string::npos) break;
      line(std::string_view(acc_).substr(pos, nl - pos));
      pos = nl + 1;
    }
    acc_.erase(0, pos);
    return true;
  }
  void line(std::string_view l) {
    if (l.empty()) return dispatch();
    if (l.rfind("data: ", 0) == 0) {
      data_ = l.substr(6);
    } else if (l.rfind("id: ", 0) == 0) {
      id_ = l.substr(4);
    } else if (l.rfind("event: ", 0) == 0) {
      event_ = l.substr(7);
    }
  }
  void dispatch() {
    if (!id_.empty()) {
      size_t dash = id_.find('-');
      std::string epoch = id_.substr(0, dash);
      uint64_t seq = 0;
      if (dash != std::string::npos)
        std::from_chars(id_.data() + dash + 1, id_.data() + id_.size(), seq);
      if (event_ == "reset") {
        ++resets_;
      } else if (epoch == epoch_ && seq != last_seq_ + 1 && seq > last_seq_) {
        ++gaps_;
        missed_ += seq - last_seq_ - 1;
      }
      if (epoch != epoch_ || seq > last_seq_ || event_ == "reset") {
        epoch_ = epoch;
        last_seq_ = seq;
      }
      last_id_ = id_;
    }
    if (event_.empty() || event_ == "tweet") tweet();
    if (event_ == "lag") ++lags_;
    data_.clear();
    id_.clear();
    event_.clear();
  }
  void tweet() {
    if (data_.empty()) return;
    int64_t t = now_ms();
    sh_.last_event_ms = t;
    ++tweets_;
    size_t p = data_.find("\"ts\":");
    if (p != std::string::npos) {
      int64_t ts = 0;
      std::from_chars(data_.data() + p + 5, data_.data() + data_.size(), ts);
      int64_t lat = std::clamp<int64_t>(t - ts, 0, kHistMs);
      ++sh_.hist[static_cast<size_t>(lat)];
    }
    if (keep_ids_) {
      size_t q = data_.find("\"id\":\"");
      if (q != std::string::npos) {
        uint64_t id = 0;
        std::from_chars(data_.data() + q + 6, data_.data() + data_.size(), id);
        if (!ids_.insert(id).second) ++dups_;
      }
    }
  }

  net::io_context& io_;
  tcp::socket socket_;
  net::steady_timer timer_;
  Url url_;
  const Options& o_;
  Shared& sh_;
  bool keep_ids_;
  bool stopped_ = false, connected_ = false, header_done_ = false;
  std::string request_, acc_, data_, id_, event_, last_id_, epoch_;
  std::array<char, 65536> buf_{};
  uint64_t last_seq_ = 0, tweets_ = 0, gaps_ = 0, missed_ = 0, resets_ = 0, lags_ = 0, dups_ = 0;
  uint64_t connects_ = 0, churned_ = 0;
  std::unordered_set<uint64_t> ids_;
};

int64_t percentile(const std::vector<uint64_t>& h, double q) {
  uint64_t total = 0;
  for (uint64_t c : h) total += c;
  if (total == 0) return -1;
  auto want = static_cast<uint64_t>(q * static_cast<double>(total));
  uint64_t seen = 0;
  for (size_t i = 0; i < h.size(); ++i) {
    seen += h[i];
    if (seen > want || seen == total) return static_cast<int64_t>(i);
  }
  return static_cast<int64_t>(h.size() - 1);
}

bool parse_args(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--url")
      o.urls.push_back(val());
    else if (a == "--clients")
      o.clients = std::stoi(val());
    else if (a == "--duration")
      o.duration_s = std::stod(val());
    else if (a == "--idle")
      o.idle_s = std::stod(val());
    else if (a == "--churn")
      o.churn_s = std::stod(val());
    else if (a == "--expect")
      o.expect = std::stoull(val());
    else if (a == "--resume")
      o.resume = true;
    else if (a == "--since")
      o.since_s = std::stoi(val());
    else if (a == "--keep-ids")
      o.keep_ids = std::stoi(val());
    else if (a == "--ids-dir")
      o.ids_dir = val();
    else if (a == "--ready")
      o.ready = val();
    else if (a == "--report")
      o.report = val();
    else
      return false;
  }
  return !o.urls.empty() && o.clients > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  try {
    if (!parse_args(argc, argv, o)) {
      std::fprintf(stderr,
                   "usage: see the comment at the top of tests/bench/sse_bench_client.cpp\n");
      return 2;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sse-bench-client: bad number: %s\n", e.what());
    return 2;
  }
  std::vector<Url> urls;
  for (const auto& s : o.urls) {
    Url u;
    if (!parse_url(s, u)) {
      std::fprintf(stderr, "sse-bench-client: bad URL %s\n", s.c_str());
      return 2;
    }
    urls.push_back(u);
  }
  net::io_context io(1);
  Shared sh;
  std::vector<std::shared_ptr<Client>> clients;
  for (int i = 0; i < o.clients; ++i)
    clients.push_back(std::make_shared<Client>(io, urls[static_cast<size_t>(i) % urls.size()], o,
                                               sh, i < o.keep_ids));
  for (auto& c : clients) c->start();

  auto started = std::chrono::steady_clock::now();
  bool ready_written = false;
  std::mt19937 rng(7);
  double next_churn = o.churn_s;
  net::steady_timer tick(io);
  net::signal_set signals(io, SIGINT, SIGTERM);
  auto stop_all = [&] {
    for (auto& c : clients) c->stop();
    tick.cancel();
    signals.cancel();
  };
  signals.async_wait([&](auto ec, int) {
    if (!ec) stop_all();
  });
  std::function<void()> on_tick = [&] {
    double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!ready_written && !o.ready.empty() && sh.connected_once == o.clients) {
      std::ofstream(o.ready) << "ready\n";
      ready_written = true;
    }
    bool done = o.duration_s > 0 && t >= o.duration_s;
    if (o.expect > 0) {
      bool all = std::all_of(clients.begin(), clients.end(),
                             [&](const auto& c) { return c->progress() >= o.expect; });
      done = done || all;
    }
    if (o.idle_s > 0 && sh.last_event_ms > 0 &&
        static_cast<double>(now_ms() - sh.last_event_ms) >= o.idle_s * 1000)
      done = true;
    if (done) return stop_all();
    if (o.churn_s > 0 && t >= next_churn) {
      clients[std::uniform_int_distribution<size_t>(0, clients.size() - 1)(rng)]->churn();
      next_churn += o.churn_s;
    }
    tick.expires_after(std::chrono::milliseconds(20));
    tick.async_wait([&](auto ec) {
      if (!ec) on_tick();
    });
  };
  on_tick();
  io.run();

  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  uint64_t tweets = 0, gaps = 0, missed = 0, resets = 0, dups = 0, min_tweets = UINT64_MAX;
  std::string per;
  for (size_t i = 0; i < clients.size(); ++i) {
    const auto& c = *clients[i];
    tweets += c.tweets();
    gaps += c.gaps();
    missed += c.missed();
    resets += c.resets();
    dups += c.dups();
    min_tweets = std::min(min_tweets, c.tweets());
    if (!per.empty()) per += ",";
    c.report(per, static_cast<int>(i));
    if (!o.ids_dir.empty() && static_cast<int>(i) < o.keep_ids)
      c.write_ids(o.ids_dir + "/client-" + std::to_string(i) + ".ids");
  }
  char head[512];
  std::snprintf(
      head, sizeof head,
      "{\"clients\":%d,\"seconds\":%.3f,\"tweets\":%llu,\"min_tweets_per_client\":%llu,"
      "\"seq_gaps\":%llu,\"missed\":%llu,\"resets\":%llu,\"duplicates\":%llu,"
      "\"latency_ms\":{\"p50\":%lld,\"p90\":%lld,\"p99\":%lld,\"p999\":%lld,\"max\":%lld},",
      o.clients, secs, static_cast<unsigned long long>(tweets),
      static_cast<unsigned long long>(min_tweets), static_cast<unsigned long long>(gaps),
      static_cast<unsigned long long>(missed), static_cast<unsigned long long>(resets),
      static_cast<unsigned long long>(dups), static_cast<long long>(percentile(sh.hist, 0.5)),
      static_cast<long long>(percentile(sh.hist, 0.9)),
      static_cast<long long>(percentile(sh.hist, 0.99)),
      static_cast<long long>(percentile(sh.hist, 0.999)),
      static_cast<long long>(percentile(sh.hist, 1.0)));
  std::string out = std::string(head) + "\"per_client\":[" + per + "]}\n";
  if (o.report.empty()) {
    std::cout << out;
  } else {
    std::ofstream(o.report) << out;
  }
  return 0;
}
