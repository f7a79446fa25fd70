#include "x/read_budget.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "core/timestamp.hpp"

namespace tweetmap {

namespace {

constexpr int64_t kDayMs = 86400000;
constexpr std::string_view kMagic = "tweetmap-x-reads 1";

std::optional<uint64_t> parse_count(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::tm utc_tm(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

std::optional<BudgetPeriod> period_from_name(std::string_view s) {
  if (s == "day") return BudgetPeriod::kDay;
  if (s == "month") return BudgetPeriod::kMonth;
  if (s == "total") return BudgetPeriod::kTotal;
  return std::nullopt;
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

Result<BudgetSpec> parse_budget_spec(std::string_view s) {
  BudgetSpec b;
  std::string_view n = s;
  if (size_t slash = s.find('/'); slash != std::string_view::npos) {
    auto p = period_from_name(s.substr(slash + 1));
    if (!p || *p == BudgetPeriod::kTotal)
      return usage_error(fmt::format("--max-reads: expected N, N/day or N/month, got '{}'", s));
    b.period = *p;
    n = s.substr(0, slash);
  }
  auto v = parse_count(n);
  if (!v || *v == 0)
    return usage_error(
        fmt::format("--max-reads: expected a positive number of reads (N, N/day or N/month), "
                    "got '{}'",
                    s));
  b.limit = *v;
  return b;
}

std::string_view budget_period_name(BudgetPeriod p) {
  switch (p) {
    case BudgetPeriod::kDay:
      return "day";
    case BudgetPeriod::kMonth:
      return "month";
    default:
      return "total";
  }
}

std::string describe_budget(const BudgetSpec& b) {
  if (b.period == BudgetPeriod::kTotal) return std::to_string(b.limit);
  return fmt::format("{}/{}", b.limit, budget_period_name(b.period));
}

int64_t period_start_ms(BudgetPeriod p, int64_t now_ms) {
  switch (p) {
    case BudgetPeriod::kDay:
      return (now_ms >= 0 ? now_ms / kDayMs : (now_ms - kDayMs + 1) / kDayMs) * kDayMs;
    case BudgetPeriod::kMonth: {
      std::tm tm = utc_tm(now_ms);
      return days_from_civil(tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1), 1) * kDayMs;
    }
    default:
      return 0;
  }
}

std::optional<int64_t> period_end_ms(BudgetPeriod p, int64_t now_ms) {
  switch (p) {
    case BudgetPeriod::kDay:
      return period_start_ms(p, now_ms) + kDayMs;
    case BudgetPeriod::kMonth: {
      std::tm tm = utc_tm(now_ms);
      int64_t y = tm.tm_year + 1900;
      unsigned m = static_cast<unsigned>(tm.tm_mon + 2);
      if (m == 13) {
        m = 1;
        ++y;
      }
      return days_from_civil(y, m, 1) * kDayMs;
    }
    default:
      return std::nullopt;
  }
}

std::string format_utc_seconds(int64_t ms) {
  std::tm tm = utc_tm(ms);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string format_budget_state(const BudgetState& s) {
  return fmt::format("{}\nperiod {}\nstart {}\nused {}\n", kMagic, budget_period_name(s.period),
                     format_utc_seconds(s.start_ms), s.used);
}

Result<BudgetState> parse_budget_state(std::string_view text, std::string_view path) {
  auto bad = [&](int line, std::string_view what) {
    return io_error(
        fmt::format("budget file {}: line {}: {}; fix it, or delete it to count from 0 again", path,
                    line, what));
  };
  if (text.empty()) return bad(1, "the file is empty");
  if (text.back() == '\n') text.remove_suffix(1);
  std::string_view lines[4];
  int n = 0;
  while (n < 4) {
    size_t nl = text.find('\n');
    lines[n++] = text.substr(0, nl);
    if (nl == std::string_view::npos) {
      text = {};
      break;
    }
    text.remove_prefix(nl + 1);
  }
  if (!text.empty()) return bad(5, "unexpected text after the 'used' line");
  if (lines[0] != kMagic) return bad(1, fmt::format("expected '{}'", kMagic));
  BudgetState s;
  auto value = [&](int i, std::string_view key) -> std::optional<std::string_view> {
    if (i >= n || lines[i].substr(0, key.size() + 1) != std::string(key) + " ") return std::nullopt;
    return lines[i].substr(key.size() + 1);
  };
  auto period = value(1, "period");
  auto p = period ? period_from_name(*period) : std::nullopt;
  if (!p) return bad(2, "expected 'period day', 'period month' or 'period total'");
  s.period = *p;
  auto start = value(2, "start");
  auto t = start ? parse_iso8601_time(*start) : std::nullopt;
  if (!t) return bad(3, "expected 'start YYYY-MM-DDThh:mm:ssZ'");
  s.start_ms = *t;
  auto used = value(3, "used");
  auto u = used ? parse_count(*used) : std::nullopt;
  if (!u) return bad(4, "expected 'used N'");
  s.used = *u;
  return s;
}

BudgetState current_budget_state(const std::optional<BudgetState>& file, const BudgetSpec& spec,
                                 int64_t now_ms) {
  int64_t start = period_start_ms(spec.period, now_ms);
  // A start after the current period's (a clock set back) keeps its count: never fewer reads
  // counted than were made.
  if (file && file->period == spec.period && file->start_ms >= start) return *file;
  return {spec.period, start, 0};
}

uint64_t budget_lease_size(const BudgetSpec& spec) {
  return std::max<uint64_t>(1, std::min<uint64_t>(50, spec.limit / 20));
}

std::string default_budget_path() {
  const char* state = std::getenv("XDG_STATE_HOME");
  if (state && *state == '/') return std::string(state) + "/tweetmap/x-reads";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.local/state/tweetmap/x-reads";
  return "";
}

ReadBudget::ReadBudget(std::string path, BudgetSpec spec, Clock& clock)
    : path_(std::move(path)), spec_(spec), clock_(&clock) {}

ReadBudget::ReadBudget(ReadBudget&& o) noexcept
    : path_(std::move(o.path_)),
      spec_(o.spec_),
      clock_(o.clock_),
      lease_(o.lease_),
      lease_start_(o.lease_start_),
      file_used_(o.file_used_) {
  o.moved_ = true;
  o.lease_ = 0;
}

ReadBudget::~ReadBudget() {
  if (!moved_) (void)release();
}

template <class Fn>
Status ReadBudget::update(Fn&& fn) {
  std::string lock_path = path_ + ".lock";
  int lock = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock < 0)
    return io_error(fmt::format("budget file: cannot open {}: {}", lock_path, errno_text()));
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }  // closing drops the flock
  } unlock{lock};
  while (::flock(lock, LOCK_EX) != 0) {
    if (errno != EINTR)
      return io_error(fmt::format("budget file: cannot lock {}: {}", lock_path, errno_text()));
  }
  std::optional<BudgetState> file;
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno != ENOENT)
    return io_error(fmt::format("budget file {}: cannot read it: {}", path_, errno_text()));
  if (fd >= 0) {
    std::string text;
    char buf[512];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        std::string why = errno_text();
        ::close(fd);
        return io_error(fmt::format("budget file {}: cannot read it: {}", path_, why));
      }
      if (n == 0) break;
      text.append(buf, static_cast<size_t>(n));
      if (text.size() > 4096) break;  // not ours: the parser says so
    }
    ::close(fd);
    auto parsed = parse_budget_state(text, path_);
    if (!parsed) return parsed.status();
    file = *parsed;
  }
  BudgetState s = current_budget_state(file, spec_, clock_->now_ms());
  if (!fn(s)) {
    file_used_ = s.used;
    return Status::ok();
  }
  std::string tmp = fmt::format("{}.tmp.{}", path_, ::getpid());
  std::string text = format_budget_state(s);
  int out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0) return io_error(fmt::format("budget file: cannot write {}: {}", tmp, errno_text()));
  bool ok = ::write(out, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(out) == 0;
  std::string why = ok ? "" : errno_text();
  ok = ::close(out) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), path_.c_str()) != 0) {
    if (why.empty()) why = errno_text();
    ::unlink(tmp.c_str());
    return io_error(fmt::format("budget file {}: cannot update it: {}", path_, why));
  }
  file_used_ = s.used;
  return Status::ok();
}

Result<ReadBudget> ReadBudget::open(std::string path, BudgetSpec spec, Clock& clock) {
  if (path.empty())
    return usage_error(
        "--max-reads needs a budget file: set XDG_STATE_HOME or HOME, or give "
        "--budget-file");
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  if (ec)
    return io_error(
        fmt::format("budget file {}: cannot create {}: {}", path, dir.string(), ec.message()));
  ReadBudget b(std::move(path), spec, clock);
  if (Status st = b.update([](BudgetState&) { return false; }); !st) return st;
  return b;
}

Status ReadBudget::renew() {
  uint64_t grant = 0;
  int64_t start = -1;
  Status st = update([&](BudgetState& s) {
    uint64_t left = s.used < spec_.limit ? spec_.limit - s.used : 0;
    grant = std::min(budget_lease_size(spec_), left);
    start = s.start_ms;
    s.used += grant;
    return grant > 0;
  });
  if (!st) return st;
  lease_ = grant;
  lease_start_ = start;
  return Status::ok();
}

Result<bool> ReadBudget::ready() {
  int64_t cur = period_start_ms(spec_.period, clock_->now_ms());
  if (lease_start_ != cur) lease_ = 0;  // a lease of a past period is of no use now
  if (lease_ == 0) {
    if (Status st = renew(); !st) return st;
  }
  return lease_ > 0;
}

Result<bool> ReadBudget::take_one() {
  int64_t cur = period_start_ms(spec_.period, clock_->now_ms());
  if (lease_start_ != cur) {
    // The period rolled over: count the post in the new one. When the new period is already
    // spent (by other processes), it is counted against the old lease, which still holds it.
    uint64_t old = lease_;
    int64_t old_start = lease_start_;
    lease_ = 0;
    if (Status st = renew(); !st) return st;
    if (lease_ == 0) {
      lease_ = old > 0 ? old - 1 : 0;
      lease_start_ = old_start;
      return false;
    }
  }
  if (lease_ > 0) --lease_;
  if (lease_ == 0) {
    if (Status st = renew(); !st) return st;
  }
  return lease_ > 0;
}

Status ReadBudget::release() {
  if (lease_ == 0) return Status::ok();
  uint64_t give = lease_;
  int64_t start = lease_start_;
  Status st = update([&](BudgetState& s) {
    if (s.start_ms != start) return false;  // that period is over
    s.used -= std::min(give, s.used);
    return true;
  });
  if (st) lease_ = 0;
  return st;
}

uint64_t ReadBudget::used() const { return file_used_ >= lease_ ? file_used_ - lease_ : 0; }

uint64_t ReadBudget::left() const {
  uint64_t u = used();
  return u < spec_.limit ? spec_.limit - u : 0;
}

std::string ReadBudget::spent_message() const {
  std::string head =
      fmt::format("read budget of {} spent ({} used)", describe_budget(spec_), used());
  auto end = period_end_ms(spec_.period, clock_->now_ms());
  if (!end) return head + "; it does not renew (a larger --max-reads, or N/day or N/month)";
  return fmt::format("{}; renews at {}", head, format_utc_seconds(*end));
}

}  // namespace tweetmap
