// The read budget of `tweet-stream x --max-reads`: how many posts the stream may deliver in a
// UTC day, a UTC month or in total, counted in a small state file shared by every process that
// names it, so restarts and concurrent runs can never together read past the budget.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/status.hpp"

namespace tweetmap {

/// The period a budget renews in (UTC, as X counts usage).
enum class BudgetPeriod { kTotal, kDay, kMonth };

/// `--max-reads`: N, N/day or N/month.
struct BudgetSpec {
  uint64_t limit = 0;  ///< reads allowed per period, >= 1
  BudgetPeriod period = BudgetPeriod::kTotal;
};

/// Parses "N", "N/day" or "N/month" (N a positive integer). Errors are kUsage naming the value.
Result<BudgetSpec> parse_budget_spec(std::string_view s);
/// "1000/day", "1000/month", "1000".
std::string describe_budget(const BudgetSpec& b);
/// "day", "month", "total".
std::string_view budget_period_name(BudgetPeriod p);

/// The start of the period that holds `now_ms` (ms since the epoch, UTC); 0 for kTotal.
int64_t period_start_ms(BudgetPeriod p, int64_t now_ms);
/// The start of the next period; nullopt for kTotal (it never renews).
std::optional<int64_t> period_end_ms(BudgetPeriod p, int64_t now_ms);
/// "2026-12-03T00:00:00Z".
std::string format_utc_seconds(int64_t ms);

/// What the state file holds: the reads counted in the period that starts at `start_ms`.
struct BudgetState {
  BudgetPeriod period = BudgetPeriod::kTotal;
  int64_t start_ms = 0;
  uint64_t used = 0;
  bool operator==(const BudgetState&) const = default;
};

/// The file's text: four lines, "tweetmap-x-reads 1", "period day", "start 2026-12-02T00:00:00Z",
/// "used 17".
std::string format_budget_state(const BudgetState& s);
/// Parses the file's text strictly (the format above, nothing else); an error (kIo) names `path`
/// and what is wrong, and says to fix or delete the file. Nothing is ever reset silently.
Result<BudgetState> parse_budget_state(std::string_view text, std::string_view path);

/// The state for the period that holds `now_ms`: the file's state when it counts this period
/// (same period kind, and a start not before the current period's), else a new period with 0
/// used. Pure function.
BudgetState current_budget_state(const std::optional<BudgetState>& file, const BudgetSpec& spec,
                                 int64_t now_ms);

/// How many reads to reserve at once: max(1, min(50, limit / 20)). A process that dies without
/// returning its lease loses at most this many (they stay counted: never over, at worst under).
uint64_t budget_lease_size(const BudgetSpec& spec);

/// $XDG_STATE_HOME/tweetmap/x-reads, else $HOME/.local/state/tweetmap/x-reads; empty when
/// neither variable is set.
std::string default_budget_path();

/// A process's share of a budget file. Reads are reserved under an exclusive flock(2) of
/// PATH.lock, in leases of budget_lease_size(): the file's `used` counts every read consumed or
/// reserved by any process, and a lease is only granted out of what is left, so all processes
/// together never count more than the limit in a period. Each update writes PATH.tmp.PID and
/// renames it over PATH (atomic; a reader sees the old or the new file, never half of one).
/// Unused reserved reads are given back by release() (also on destruction). Not thread-safe;
/// one per stream.
class ReadBudget {
 public:
  /// Opens (creating the directory of `path` when needed) and reads the file once, so a corrupt
  /// or unreadable file is reported before anything connects. Errors: kIo naming the path.
  static Result<ReadBudget> open(std::string path, BudgetSpec spec, Clock& clock);
  ReadBudget(ReadBudget&& o) noexcept;
  ReadBudget& operator=(ReadBudget&&) = delete;
  ~ReadBudget();

  /// Makes sure a read is reserved for the next post (renewing the lease, or starting a new
  /// period). Returns false when the budget is spent: nothing may be read. Call before
  /// connecting.
  Result<bool> ready();
  /// Counts one post the stream delivered. Returns false when no read is left after it (the
  /// stream must close now). Errors: the file (kIo).
  Result<bool> take_one();
  /// Gives the unused reserved reads back to the file. Idempotent.
  Status release();

  /// Reads counted in this period (by every process, as of this process's last file update,
  /// minus what this process holds unused) and what is left of the limit.
  uint64_t used() const;
  uint64_t left() const;
  const BudgetSpec& spec() const { return spec_; }
  const std::string& path() const { return path_; }
  /// "read budget of 1000/day spent (1000 used); renews at 2026-12-03T00:00:00Z".
  std::string spent_message() const;

 private:
  ReadBudget(std::string path, BudgetSpec spec, Clock& clock);
  // Under the lock: reads the file, lets `fn` change the current period's state, writes it back.
  template <class Fn>
  Status update(Fn&& fn);
  Status renew();  // a new lease of up to budget_lease_size() reads

  std::string path_;
  BudgetSpec spec_;
  Clock* clock_;
  uint64_t lease_ = 0;        // reserved, not yet used
  int64_t lease_start_ = -1;  // period start of the lease (-1: none)
  uint64_t file_used_ = 0;    // the file's `used` after this process's last update
  bool moved_ = false;
};

}  // namespace tweetmap
