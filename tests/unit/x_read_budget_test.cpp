#include "x/read_budget.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/timestamp.hpp"

using namespace tweetmap;

namespace {

int64_t at(const char* iso) { return *parse_iso8601_time(iso); }

// A fresh directory for one test case's budget file.
struct TempDir {
  std::filesystem::path dir;
  TempDir() {
    char tmpl[] = "/tmp/read_budget_test.XXXXXX";
    dir = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(dir); }
  std::string file() const { return (dir / "state" / "x-reads").string(); }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void put(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("read budget: N, N/day, N/month, anything else is a usage error") {
  auto a = parse_budget_spec("1000");
  REQUIRE(a);
  CHECK(a->limit == 1000);
  CHECK(a->period == BudgetPeriod::kTotal);
  auto d = parse_budget_spec("50/day");
  REQUIRE(d);
  CHECK(d->period == BudgetPeriod::kDay);
  CHECK(describe_budget(*d) == "50/day");
  CHECK(describe_budget(*parse_budget_spec("7/month")) == "7/month");
  for (const char* bad : {"", "0", "-1", "1e3", "10/week", "10/", "/day", "10/total", "x/day",
                          "99999999999999999999"}) {
    auto r = parse_budget_spec(bad);
    CHECK_MESSAGE(!r, bad);
    if (!r) CHECK(r.status().code() == ErrorCode::kUsage);
  }
}

TEST_CASE("read budget: UTC periods as X counts them") {
  int64_t now = at("2026-12-02T17:45:10Z");
  CHECK(period_start_ms(BudgetPeriod::kDay, now) == at("2026-12-02T00:00:00Z"));
  CHECK(*period_end_ms(BudgetPeriod::kDay, now) == at("2026-12-03T00:00:00Z"));
  CHECK(period_start_ms(BudgetPeriod::kMonth, now) == at("2026-12-01T00:00:00Z"));
  CHECK(*period_end_ms(BudgetPeriod::kMonth, now) == at("2027-01-01T00:00:00Z"));
  CHECK(*period_end_ms(BudgetPeriod::kMonth, at("2028-02-29T23:59:59Z")) ==
        at("2028-03-01T00:00:00Z"));
  CHECK(period_start_ms(BudgetPeriod::kTotal, now) == 0);
  CHECK_FALSE(period_end_ms(BudgetPeriod::kTotal, now));
  CHECK(format_utc_seconds(at("2026-12-03T00:00:00Z")) == "2026-12-03T00:00:00Z");
}

TEST_CASE("read budget: the state file's format, strictly") {
  BudgetState s{BudgetPeriod::kDay, at("2026-12-02T00:00:00Z"), 17};
  std::string text = format_budget_state(s);
  CHECK(text == "tweetmap-x-reads 1\nperiod day\nstart 2026-12-02T00:00:00Z\nused 17\n");
  auto back = parse_budget_state(text, "f");
  REQUIRE(back);
  CHECK(*back == s);
  for (const char* bad :
       {"", "garbage", "tweetmap-x-reads 1\nperiod day\n",
        "tweetmap-x-reads 1\nperiod week\nstart 2026-12-02T00:00:00Z\nused 1\n",
        "tweetmap-x-reads 1\nperiod day\nstart yesterday\nused 1\n",
        "tweetmap-x-reads 1\nperiod day\nstart 2026-12-02T00:00:00Z\nused -1\n",
        "tweetmap-x-reads 1\nperiod day\nstart 2026-12-02T00:00:00Z\nused 1\nmore\n",
        "tweetmap-x-reads 2\nperiod day\nstart 2026-12-02T00:00:00Z\nused 1\n"}) {
    auto r = parse_budget_state(bad, "/s/x-reads");
    REQUIRE_MESSAGE(!r, bad);
    CHECK(r.status().code() == ErrorCode::kIo);
    CHECK(r.status().message().rfind("budget file /s/x-reads: line ", 0) == 0);
    CHECK(r.status().message().find("delete it") != std::string::npos);
  }
}

TEST_CASE("read budget: a new period starts at 0, the current one keeps its count") {
  BudgetSpec day{100, BudgetPeriod::kDay};
  int64_t now = at("2026-12-02T10:00:00Z");
  CHECK(current_budget_state(std::nullopt, day, now) ==
        BudgetState{BudgetPeriod::kDay, at("2026-12-02T00:00:00Z"), 0});
  BudgetState today{BudgetPeriod::kDay, at("2026-12-02T00:00:00Z"), 60};
  CHECK(current_budget_state(today, day, now) == today);
  BudgetState yesterday{BudgetPeriod::kDay, at("2026-12-01T00:00:00Z"), 100};
  CHECK(current_budget_state(yesterday, day, now).used == 0);
  // Another period kind: counted from 0 in the new kind.
  BudgetState month{BudgetPeriod::kMonth, at("2026-12-01T00:00:00Z"), 100};
  CHECK(current_budget_state(month, day, now).used == 0);
  // A start after today (the clock went back): the count stays.
  BudgetState later{BudgetPeriod::kDay, at("2026-12-03T00:00:00Z"), 5};
  CHECK(current_budget_state(later, day, now) == later);
}

TEST_CASE("read budget: leases never pass the limit, and unused reads are given back") {
  TempDir t;
  ManualClock clock(at("2026-12-02T10:00:00Z"));
  BudgetSpec spec{100, BudgetPeriod::kDay};
  CHECK(budget_lease_size(spec) == 5);
  auto b = ReadBudget::open(t.file(), spec, clock);
  REQUIRE(b);
  REQUIRE(*b->ready());
  // The file already counts the lease: another process can never be granted those reads.
  CHECK(slurp(t.file()).find("used 5\n") != std::string::npos);
  CHECK(b->used() == 0);
  for (int i = 0; i < 7; ++i) REQUIRE(*b->take_one());
  CHECK(b->used() == 7);
  CHECK(b->left() == 93);
  CHECK(slurp(t.file()).find("used 10\n") != std::string::npos);
  REQUIRE(b->release().is_ok());
  CHECK(slurp(t.file()).find("used 7\n") != std::string::npos);
}

TEST_CASE("read budget: two budgets on one file share the limit exactly") {
  TempDir t;
  ManualClock clock(at("2026-12-02T10:00:00Z"));
  BudgetSpec spec{10, BudgetPeriod::kDay};
  auto a = ReadBudget::open(t.file(), spec, clock);
  auto b = ReadBudget::open(t.file(), spec, clock);
  REQUIRE(a);
  REQUIRE(b);
  int reads = 0;
  bool a_more = *a->ready(), b_more = *b->ready();
  while (a_more || b_more) {
    if (a_more) {
      ++reads;
      a_more = *a->take_one();
    }
    if (b_more) {
      ++reads;
      b_more = *b->take_one();
    }
  }
  CHECK(reads == 10);
  CHECK_FALSE(*a->ready());
  CHECK(a->spent_message() ==
        "read budget of 10/day spent (10 used); renews at 2026-12-03T00:00:00Z");
  // A restart sees the count: nothing left today.
  auto c = ReadBudget::open(t.file(), spec, clock);
  REQUIRE(c);
  CHECK_FALSE(*c->ready());
  // Tomorrow the budget renews.
  clock.advance(24 * 3600 * 1000LL);
  CHECK(*c->ready());
  CHECK(c->left() == 10);
}

TEST_CASE("read budget: the last read of a period, then a post after midnight") {
  TempDir t;
  ManualClock clock(at("2026-12-02T23:59:59Z"));
  BudgetSpec spec{3, BudgetPeriod::kDay};
  auto b = ReadBudget::open(t.file(), spec, clock);
  REQUIRE(b);
  REQUIRE(*b->ready());
  CHECK(*b->take_one());
  clock.advance(2000);  // 2026-12-03T00:00:01Z
  CHECK(*b->take_one());
  CHECK(b->used() == 1);  // counted in the new day
  CHECK(slurp(t.file()).find("start 2026-12-03T00:00:00Z\n") != std::string::npos);
}

TEST_CASE("read budget: a corrupt or unreadable file is an error, never reset") {
  TempDir t;
  ManualClock clock(at("2026-12-02T10:00:00Z"));
  put(t.file(), "tweetmap-x-reads 1\nperiod day\nstart 2026-12-02T00:00:00Z\nused lots\n");
  auto b = ReadBudget::open(t.file(), {10, BudgetPeriod::kDay}, clock);
  REQUIRE_FALSE(b);
  CHECK(b.status().code() == ErrorCode::kIo);
  CHECK(b.status().message().find("line 4: expected 'used N'") != std::string::npos);
  CHECK(slurp(t.file()).find("used lots") != std::string::npos);  // left as it was
  if (getuid() != 0) {
    put(t.file(), format_budget_state({BudgetPeriod::kDay, at("2026-12-02T00:00:00Z"), 1}));
    std::filesystem::permissions(t.file(), std::filesystem::perms::none);
    auto u = ReadBudget::open(t.file(), {10, BudgetPeriod::kDay}, clock);
    REQUIRE_FALSE(u);
    CHECK(u.status().message().find("cannot read it") != std::string::npos);
  }
}

TEST_CASE("read budget: a total budget does not renew") {
  TempDir t;
  ManualClock clock(at("2026-12-02T10:00:00Z"));
  auto b = ReadBudget::open(t.file(), {1, BudgetPeriod::kTotal}, clock);
  REQUIRE(b);
  REQUIRE(*b->ready());
  CHECK_FALSE(*b->take_one());
  clock.advance(400LL * 24 * 3600 * 1000);
  CHECK_FALSE(*b->ready());
  CHECK(b->spent_message().rfind("read budget of 1 spent (1 used); it does not renew", 0) == 0);
}
