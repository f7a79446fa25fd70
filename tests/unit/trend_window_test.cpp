#include "trends/window.hpp"

#include <doctest/doctest.h>

using namespace tweetmap;

TEST_CASE("trend window: bucket arithmetic") {
  TrendWindow w(10'000, 30, 5'000);
  CHECK(w.bucket_of(0) == 0);
  CHECK(w.bucket_of(9'999) == 0);
  CHECK(w.bucket_of(10'000) == 1);
  CHECK(w.bucket_of(-1) == -1);
  CHECK(w.bucket_of(-10'000) == -1);
  CHECK(w.bucket_of(-10'001) == -2);
  CHECK(w.lateness_buckets() == 1);
  CHECK(w.ring_buckets() == 32);
  CHECK(TrendWindow(10'000, 30, 0).ring_buckets() == 31);
  CHECK(TrendWindow(10'000, 30, 25'000).lateness_buckets() == 3);
}

TEST_CASE("trend window: watermark, due snapshots and late records") {
  TrendWindow w(10'000, 3, 5'000);
  CHECK_FALSE(w.due());
  w.observe(100'000);  // watermark 95 s: first snapshot ends at 100 s
  CHECK(w.first_bucket() == 9);
  CHECK(w.next_end() == 10);
  CHECK_FALSE(w.due());
  CHECK(w.accepts(90'000));  // within the lateness: still counts
  CHECK_FALSE(w.accepts(89'999));
  w.observe(104'999);
  CHECK_FALSE(w.due());
  w.observe(105'000);  // watermark reaches 100 s
  CHECK(w.due());
  CHECK(w.due_count() == 1);
  CHECK(w.advance() == 7);  // bucket 10-3 leaves the window
  CHECK(w.next_end() == 11);
  CHECK_FALSE(w.due());
  CHECK(w.accepts(100'000));
  CHECK_FALSE(w.accepts(99'999));  // its window (ending at 100 s) was written
  // An older record does not move time back.
  w.observe(50'000);
  CHECK(w.watermark() == 100'000);
  // A jump makes several snapshots due.
  w.observe(145'000);
  CHECK(w.due_count() == 4);  // ends 110, 120, 130, 140
}

TEST_CASE("trend window: effective window and history at the start") {
  TrendWindow w(10'000, 30, 0);
  w.observe(1'000'000);
  CHECK(w.first_bucket() == 100);
  CHECK(w.effective_window(101) == 1);
  CHECK(w.effective_window(130) == 30);
  CHECK(w.effective_window(500) == 30);
  CHECK(w.history_buckets(130) == 0);
  CHECK(w.history_buckets(142) == 12);
  CHECK(w.final_end() == 101);
}
