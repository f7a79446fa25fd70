#include "trends/score.hpp"

#include <cmath>

namespace tweetmap {

double baseline_decay(int64_t bucket_ms, int64_t baseline_ms) {
  if (baseline_ms <= 0) return 0;
  return std::exp(-static_cast<double>(bucket_ms) / static_cast<double>(baseline_ms));
}

double fold_exposure(double e, double d, int64_t n) {
  if (n <= 0) return e;
  if (d >= 1) return e + static_cast<double>(n);
  const double dn = std::pow(d, static_cast<double>(n));
  return e * dn + (1 - dn) / (1 - d);
}

Baseline baseline_of(double decayed_count, double exposure, double parent, const ScoreParams& p) {
  const double den = exposure + p.prior_buckets;
  Baseline own{(decayed_count + p.prior_rate * p.prior_buckets) / den, den};
  if (parent > own.rate) return {parent, den + p.parent_buckets};
  return own;
}

double trend_score(double x, double w, const Baseline& b, const ScoreParams& p) {
  const double mu = w * b.rate;
  const double dev = 2 * (std::sqrt(x + 0.375) - std::sqrt(mu + 0.375));
  const double widen = 1 + w / b.exposure + p.dispersion * mu;
  return dev / std::sqrt(widen);
}

}  // namespace tweetmap
