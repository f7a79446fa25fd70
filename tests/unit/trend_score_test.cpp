#include "trends/score.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>

using namespace tweetmap;

TEST_CASE("trend score: decay and exposure") {
  const double d = baseline_decay(10'000, 3'600'000);
  CHECK(d == doctest::Approx(std::exp(-1.0 / 360)));
  // Folding n buckets one by one equals the closed form.
  double e = 5;
  for (int i = 0; i < 100; ++i) e = e * d + 1;
  CHECK(fold_exposure(5, d, 100) == doctest::Approx(e));
  // The exposure converges to 1/(1-d), about the horizon in buckets.
  CHECK(fold_exposure(0, d, 100000) == doctest::Approx(1 / (1 - d)));
  CHECK(fold_exposure(3, 1.0, 4) == 7);
  CHECK(fold_exposure(3, d, 0) == 3);
}

TEST_CASE("trend score: baseline with a prior") {
  ScoreParams p;
  // Nothing seen: the prior rate.
  CHECK(baseline_of(0, 0, -1, p).rate == doctest::Approx(p.prior_rate));
  // Much evidence: the observed rate.
  CHECK(baseline_of(3600, 360, -1, p).rate == doctest::Approx(10).epsilon(0.01));
  CHECK(baseline_of(3600, 360, -1, p).exposure == doctest::Approx(361));
  // A larger regional prior wins, with its extra evidence.
  Baseline b = baseline_of(0, 100, 2.0, p);
  CHECK(b.rate == 2.0);
  CHECK(b.exposure == doctest::Approx(101 + p.parent_buckets));
  CHECK(baseline_of(3600, 360, 2.0, p).rate == doctest::Approx(10).epsilon(0.01));
}

TEST_CASE("trend score: bursts score high, steady terms do not") {
  ScoreParams p;
  const double w = 30;
  // A new term (never seen in an hour of history) with 20 posts in the window.
  Baseline fresh = baseline_of(0, 360, -1, p);
  CHECK(trend_score(20, w, fresh, p) > 6);
  // A few posts of a new term are not enough.
  CHECK(trend_score(3, w, fresh, p) < 4);
  // A big steady term at its usual level scores about 0, whatever its size.
  for (double rate : {1.0, 10.0, 100.0, 1000.0}) {
    Baseline steady = baseline_of(rate * 360, 360, -1, p);
    CHECK(std::abs(trend_score(rate * w, w, steady, p)) < 0.5);
    // A Poisson-sized wobble (3 sigma) does not trend either.
    CHECK(trend_score(rate * w + 3 * std::sqrt(rate * w), w, steady, p) < 4);
  }
  // A big term that doubles does trend; the overdispersion makes it need more than a small one.
  Baseline big = baseline_of(100 * 360, 360, -1, p);
  CHECK(trend_score(2 * 100 * w, w, big, p) > 4);
  CHECK(trend_score(1.2 * 100 * w, w, big, p) < 4);
  // Monotonic in x, antitone in the baseline.
  CHECK(trend_score(50, w, fresh, p) > trend_score(40, w, fresh, p));
  CHECK(trend_score(50, w, baseline_of(360, 360, -1, p), p) < trend_score(50, w, fresh, p));
  // Early on (little history) the same count scores lower than with an hour of it.
  CHECK(trend_score(20, w, baseline_of(0, 12, -1, p), p) < trend_score(20, w, fresh, p));
  // The formula, spelled out.
  Baseline b{0.5, 100};
  const double mu = w * 0.5;
  CHECK(trend_score(30, w, b, p) ==
        doctest::Approx(2 * (std::sqrt(30.375) - std::sqrt(mu + 0.375)) /
                        std::sqrt(1 + w / 100 + p.dispersion * mu)));
}
