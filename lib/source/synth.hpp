// The synthetic firehose: realistic, deterministic posts for demos, tests and benchmarks.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/record.hpp"

namespace tweetmap {

/// Settings of a SynthGenerator. Same settings => same records, byte for byte.
struct SynthConfig {
  uint64_t seed = 1;
  double density = 1000;             ///< records per second of event time
  int64_t start_ms = 1704067200000;  ///< event time of the first record (2024-01-01T00:00:00Z)
  double burst_interval_s = 120;     ///< mean event seconds between burst starts; 0 = no bursts
  double burst_min_s = 120;          ///< shortest burst, event seconds
  double burst_max_s = 600;          ///< longest burst, event seconds
};

/// A regional burst: a topic that suddenly trends in one city for a while (the ground truth
/// written by `tweet-stream synth --truth`).
struct SynthBurst {
  std::string tag;          ///< display form, "Apagón"
  std::string term;         ///< as it appears in records' `tags` (case-folded), "apagón"
  std::string place;        ///< "Madrid, Spain"
  std::string cc;           ///< "ES"
  double lat = 0, lon = 0;  ///< the city's centre
  double radius_km = 0;     ///< half the side of the city's box: burst posts fall inside it
  BBox bbox{};              ///< the city's box [w,s,e,n]; every burst post lies in it
  int64_t start_ms = 0, end_ms = 0;  ///< event-time span [start, end)
  double peak_share = 0;             ///< share of all records at the burst's peak
  uint64_t records = 0;              ///< burst records generated so far
};

/// One JSON line (with '\n') describing `b`: {"term","tag","cc","place","lat","lon","radius_km",
/// "bbox","start","end","peak_share","records"}. `cut` adds "cut":true (the run ended first).
std::string burst_truth_json(const SynthBurst& b, bool cut);

/// Generates records one by one. Not thread-safe; cheap to construct (a few ms).
class SynthGenerator {
 public:
  explicit SynthGenerator(const SynthConfig& config);
  ~SynthGenerator();
  SynthGenerator(const SynthGenerator&) = delete;
  SynthGenerator& operator=(const SynthGenerator&) = delete;

  /// Overwrites `r` with the next record (reusing its buffers) and advances event time.
  void next(Record& r);
  /// Event time of the next record, ms.
  int64_t next_ts() const;
  /// Bursts whose end has passed (moved out, oldest first).
  std::vector<SynthBurst> take_finished();
  /// Bursts still running (moved out); call at the end of a run.
  std::vector<SynthBurst> take_running();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tweetmap
