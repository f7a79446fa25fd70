// The trend score: how surprising a term's count in the current window is against its own
// baseline rate (a decayed Gamma-Poisson estimate with a prior).
#pragma once

#include <cstdint>

namespace tweetmap {

/// Parameters of the score (see docs/TRENDS.md, "Score"). Plain value type.
struct ScoreParams {
  double prior_rate = 0.02;    ///< a0/b0: prior occurrences per bucket of a term never seen
  double prior_buckets = 1.0;  ///< b0: weight of that prior, in buckets of exposure
  double parent_buckets = 30;  ///< bp: evidence credited to the regional prior (the term's
                               ///< global rate times the region's share of posts), in buckets
  double dispersion = 0.02;    ///< phi: extra-Poisson variance (phi * mu^2) of real traffic
};

/// Per-bucket decay of the baseline for a horizon of `baseline_ms`: d = exp(-bucket/baseline).
double baseline_decay(int64_t bucket_ms, int64_t baseline_ms);

/// Decayed exposure after folding `n` empty buckets into an exposure `e` with decay `d`:
/// e*d^n + (1 - d^n) / (1 - d).
double fold_exposure(double e, double d, int64_t n);

/// A term's baseline: its expected rate per bucket and the (pseudo-)exposure behind it.
struct Baseline {
  double rate;      ///< lambda, occurrences per bucket
  double exposure;  ///< E + b0 (+ bp): buckets of evidence, real and prior
};

/// The larger of the term's own rate (S + a0) / (E + b0), where S is the decayed count of the
/// buckets that left the window and E their decayed number, and `parent`, the rate expected from
/// the term's global rate and the region's share of posts (negative: none). The exposure is
/// E + b0, plus bp when the parent rate is the larger.
Baseline baseline_of(double decayed_count, double exposure, double parent, const ScoreParams& p);

/// The score of `x` occurrences in a window of `w` buckets against baseline `b` (mu = w*rate):
///   z = 2 (sqrt(x + 3/8) - sqrt(mu + 3/8)) / sqrt(1 + w / b.exposure + phi * mu)
/// Anscombe's variance-stabilized Poisson deviation, widened for the uncertainty of the baseline
/// (w / exposure) and for overdispersion (phi * mu), so a big steady term needs roughly a
/// (1 + z * sqrt(phi))-fold rise to reach z.
double trend_score(double x, double w, const Baseline& b, const ScoreParams& p);

}  // namespace tweetmap
