#include "trends/space_saving.hpp"

#include <doctest/doctest.h>

#include <map>
#include <random>
#include <string>

using namespace tweetmap;

namespace {

uint32_t add(SpaceSaving& s, const std::string& t, int64_t bucket = 0, uint64_t scope = 0) {
  return s.add(scope, t, hash_term(t), bucket).index;
}

uint32_t estimate(const SpaceSaving& s, const std::string& t, uint64_t scope = 0) {
  uint32_t i = s.find(scope, t, hash_term(t));
  return i == s.capacity() ? 0 : s.total(i) + s.error(i);
}

}  // namespace

TEST_CASE("space saving: exact while under capacity") {
  SpaceSaving s(8, 4);
  for (int i = 0; i < 5; ++i) add(s, "a");
  for (int i = 0; i < 3; ++i) add(s, "b");
  add(s, "a", 0, 7);  // same term, other scope: another key
  CHECK(s.size() == 3);
  CHECK(estimate(s, "a") == 5);
  CHECK(estimate(s, "b") == 3);
  CHECK(estimate(s, "a", 7) == 1);
  CHECK(estimate(s, "c") == 0);
  CHECK(s.min_weight() == 0);
}

TEST_CASE("space saving: the classic error bound N/k and heavy hitters are kept") {
  // A skewed stream with a long tail of distinct items: every estimate is within [true,
  // true + N/k] and every item above N/k is tracked.
  const uint32_t k = 64;
  SpaceSaving s(k, 4);
  std::mt19937 rng(42);
  std::map<std::string, uint32_t> truth;
  uint32_t n = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string t;
    uint32_t r = rng() % 100;
    if (r < 30)
      t = "hot" + std::to_string(r % 3);
    else if (r < 45)
      t = "warm" + std::to_string(r % 10);
    else
      t = "tail" + std::to_string(rng());
    add(s, t);
    ++truth[t];
    ++n;
  }
  const uint32_t bound = n / k;
  for (const auto& [term, count] : truth) {
    uint32_t i = s.find(0, term, hash_term(term));
    if (i == s.capacity()) {
      CHECK_MESSAGE(count <= bound, term << " with " << count << " > N/k is not tracked");
      CHECK(count <= s.min_weight());
      continue;
    }
    const uint32_t est = s.total(i) + s.error(i);
    CHECK_MESSAGE(est >= count, term);
    CHECK_MESSAGE(est - count <= bound, term << ": error " << est - count << " > " << bound);
    CHECK(s.error(i) <= bound);
    // The count since admission never exceeds the truth.
    CHECK(s.total(i) <= count);
  }
  for (int h = 0; h < 3; ++h) CHECK(s.find(0, "hot" + std::to_string(h), 0) != s.capacity() + 1);
  CHECK(s.size() == k);
}

TEST_CASE("space saving: buckets expire and drop inherited error") {
  SpaceSaving s(2, 3);
  add(s, "a", 10);
  add(s, "a", 11);
  add(s, "b", 11);
  CHECK(s.count(s.find(0, "a", hash_term("a")), 10) == 1);
  // Full: "c" replaces the lightest key ("b", weight 1) and inherits its weight.
  SpaceSaving::Hit h = s.add(0, "c", hash_term("c"), 12);
  CHECK(h.admitted);
  CHECK(h.inherited == 1);
  CHECK(s.find(0, "b", hash_term("b")) == s.capacity());
  CHECK(s.error(h.index) == 1);
  uint64_t expired = 0;
  s.expire(10, [&](uint32_t, uint32_t c) { expired += c; });
  CHECK(expired == 1);
  CHECK(estimate(s, "a") == 1);
  s.expire(12, [](uint32_t, uint32_t) {});
  CHECK(s.error(h.index) == 0);  // inherited in bucket 12, which expired
  CHECK(s.total(h.index) == 0);
  // Bucket 13 reuses bucket 10's slot, which starts empty again.
  add(s, "a", 13);
  CHECK(s.count(s.find(0, "a", hash_term("a")), 13) == 1);
}

TEST_CASE("space saving: heavy churn keeps the index consistent") {
  SpaceSaving s(16, 2);
  for (int i = 0; i < 5000; ++i) {
    add(s, "k" + std::to_string(i % 97), i / 100);
    if (i % 100 == 99) s.expire(i / 100 - 1, [](uint32_t, uint32_t) {});
  }
  for (uint32_t i = 0; i < s.size(); ++i) CHECK(s.find(s.scope(i), s.term(i), s.term_hash(i)) == i);
}

TEST_CASE("hash_term: stable values") {
  CHECK(hash_term("abc") == hash_term(std::string("abc")));
  CHECK(hash_term("abc") != hash_term("abd"));
  CHECK(hash_term("") != hash_term(std::string_view("\0", 1)));
  CHECK(hash_term("0123456789abcdef") != hash_term("0123456789abcdeg"));
}
