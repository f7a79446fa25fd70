#include "source/synth.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <deque>

#include <fmt/format.h>

#include "core/geo.hpp"
#include "core/hashtags.hpp"
#include "core/json_write.hpp"
#include "source/gazetteer.hpp"
#include "source/synth_vocab.hpp"

namespace tweetmap {
namespace {

constexpr int64_t kTwitterEpochMs = 1288834974657;  // snowflake ids count from here
constexpr double kKmPerDegree = 111.32;

// xoshiro256** seeded by splitmix64: fast, and the same sequence on every platform (std::
// distributions are implementation-defined, so none is used).
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& w : s_) {
      seed += 0x9e3779b97f4a7c15ull;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
      w = z ^ (z >> 31);
    }
  }
  uint64_t next() {
    uint64_t result = rotl(s_[1] * 5, 7) * 9;
    uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  uint64_t below(uint64_t n) { return static_cast<uint64_t>(uniform() * static_cast<double>(n)); }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

double round6(double v) { return std::round(v * 1e6) / 1e6; }

// The tag as records carry it: folded exactly as parsed posts' hashtags are.
std::string casefold(std::string_view s) {
  std::vector<std::string> tags;
  add_hashtag(s, tags);
  return tags.empty() ? std::string(s) : tags.front();
}

// A hashtag as written in the text and as it appears in `tags`.
struct Tag {
  std::string display;
  std::string folded;
};

// A city ready for use: its place name, box and centre, precomputed.
struct City {
  const GazetteerCity* g;
  std::string place;
  Tag tag;  // the city name as a hashtag ("SãoPaulo")
  BBox bbox;
  double clat, clon;  // centre of the (rounded) box
  double dlat, dlon;  // half sizes in degrees
  double radius_km;
};

// Picks an index with probability proportional to its weight (cumulative table + binary search).
class WeightedPick {
 public:
  void add(double w) { cum_.push_back((cum_.empty() ? 0 : cum_.back()) + w); }
  size_t pick(Rng& rng) const {
    double x = rng.uniform() * cum_.back();
    auto it = std::upper_bound(cum_.begin(), cum_.end(), x);
    return std::min(static_cast<size_t>(it - cum_.begin()), cum_.size() - 1);
  }

 private:
  std::vector<double> cum_;
};

struct Running {
  SynthBurst b;
  size_t city;
  int64_t start_us, end_us;
};

}  // namespace

struct SynthGenerator::Impl {
  SynthConfig cfg;
  Rng rng;
  std::vector<City> cities;
  WeightedPick city_pick;   // by population
  WeightedPick burst_pick;  // burst places: the 1000 largest cities, by sqrt(population)
  std::vector<Tag> common;
  WeightedPick tag_pick;  // Zipf-like by rank
  std::vector<Tag> burst_tags;
  std::vector<Running> running;
  std::deque<SynthBurst> finished;
  int64_t event_us = 0;  // event time since start
  int64_t mean_gap_us;
  int64_t next_burst_us;
  uint64_t seq = 0;
  std::string handle_buf;

  explicit Impl(const SynthConfig& c) : cfg(c), rng(c.seed) {
    mean_gap_us = std::max<int64_t>(1, static_cast<int64_t>(1e6 / std::max(cfg.density, 1e-6)));
    auto g = gazetteer_cities();
    cities.reserve(g.size());
    for (const GazetteerCity& gc : g) {
      City city;
      city.g = &gc;
      city.place = fmt::format("{}, {}", gc.name(), gc.country());
      std::string t;
      for (char ch : std::string_view(gc.name()))
        if (ch != ' ' && ch != '-' && ch != '\'' && ch != '.' && ch != ',') t.push_back(ch);
      city.tag = {t, casefold(t)};
      // Box size grows with population: 4 km across a town of 100k, ~70 km for the largest.
      city.radius_km =
          std::clamp(2.0 + std::sqrt(static_cast<double>(gc.population)) / 150.0, 3.0, 40.0);
      double dlat = city.radius_km / kKmPerDegree;
      double dlon = city.radius_km / (kKmPerDegree * std::max(0.1, std::cos(gc.lat * M_PI / 180)));
      city.bbox = {round6(normalize_lon(gc.lon - dlon)), round6(std::max(-90.0, gc.lat - dlat)),
                   round6(normalize_lon(gc.lon + dlon)), round6(std::min(90.0, gc.lat + dlat))};
      city.dlat = dlat;
      city.dlon = dlon;
      // The centre of the box as written, as a replayed place's centre would be (1e-7 degrees).
      auto round7 = [](double v) { return std::round(v * 1e7) / 1e7; };
      city.clat = round7((city.bbox[1] + city.bbox[3]) / 2);
      city.clon =
          city.bbox[0] <= city.bbox[2] ? round7((city.bbox[0] + city.bbox[2]) / 2) : round6(gc.lon);
      cities.push_back(std::move(city));
      city_pick.add(static_cast<double>(gc.population));
    }
    for (size_t i = 0; i < std::min<size_t>(1000, cities.size()); ++i)
      burst_pick.add(std::sqrt(static_cast<double>(cities[i].g->population)));
    size_t rank = 1;
    for (std::string_view t : synth_common_tags()) {
      common.push_back({std::string(t), casefold(t)});
      tag_pick.add(1.0 / std::pow(static_cast<double>(rank++), 1.1));
    }
    for (std::string_view t : synth_burst_tags())
      burst_tags.push_back({std::string(t), casefold(t)});
    next_burst_us =
        cfg.burst_interval_s > 0
            ? static_cast<int64_t>(cfg.burst_interval_s * 1e6 * (0.25 + 0.5 * rng.uniform()))
            : INT64_MAX;
  }

  int64_t ts_ms() const { return cfg.start_ms + event_us / 1000; }

  void start_burst() {
    Running r;
    // A topic not already running.
    size_t term = rng.below(burst_tags.size());
    for (int tries = 0; tries < 16; ++tries) {
      bool taken = std::any_of(running.begin(), running.end(), [&](const Running& x) {
        return x.b.tag == burst_tags[term].display;
      });
      if (!taken) break;
      term = rng.below(burst_tags.size());
    }
    r.city = burst_pick.pick(rng);
    const City& c = cities[r.city];
    double dur = cfg.burst_min_s + (cfg.burst_max_s - cfg.burst_min_s) * rng.uniform();
    r.start_us = event_us;
    r.end_us = event_us + static_cast<int64_t>(dur * 1e6);
    r.b.tag = burst_tags[term].display;
    r.b.term = burst_tags[term].folded;
    r.b.place = c.place;
    r.b.cc = c.g->cc();
    r.b.lat = c.clat;
    r.b.lon = c.clon;
    r.b.radius_km = std::round(c.radius_km * 10) / 10;
    r.b.bbox = c.bbox;
    r.b.start_ms = cfg.start_ms + r.start_us / 1000;
    r.b.end_ms = cfg.start_ms + r.end_us / 1000;
    r.b.peak_share = std::round((0.02 + 0.04 * rng.uniform()) * 1000) / 1000;
    running.push_back(std::move(r));
    next_burst_us =
        event_us + static_cast<int64_t>(cfg.burst_interval_s * 1e6 * (0.5 + rng.uniform()));
  }

  // The burst's share of records now: ramps up over the first 15%, down over the last 25%.
  static double share(const Running& r, int64_t now_us) {
    double f =
        static_cast<double>(now_us - r.start_us) / static_cast<double>(r.end_us - r.start_us);
    double env = f < 0.15 ? f / 0.15 : f > 0.75 ? (1 - f) / 0.25 : 1.0;
    return r.b.peak_share * std::clamp(env, 0.05, 1.0);
  }

  void update_bursts() {
    for (size_t i = 0; i < running.size();) {
      if (running[i].end_us <= event_us) {
        finished.push_back(std::move(running[i].b));
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
      } else {
        ++i;
      }
    }
    while (next_burst_us <= event_us) start_burst();
  }

  static void add_tag(Record& r, const Tag& t) {
    for (const std::string& have : r.tags)
      if (have == t.folded) return;
    r.tags.push_back(t.folded);
    r.text += " #";
    r.text += t.display;
  }

  void make_author(Record& r) {
    uint64_t u = rng.below(400000);
    // The author's look depends only on the author number.
    uint64_t h = (u + 1) * 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
    auto words = synth_handle_words();
    r.user.clear();
    r.user += words[h % words.size()];
    r.user += words[(h >> 8) % words.size()];
    r.user += fmt::format_int((h >> 16) % 1000).str();
    auto given = synth_given_names();
    auto family = synth_family_names();
    r.name.clear();
    r.name += given[(h >> 26) % given.size()];
    r.name += ' ';
    r.name += family[(h >> 34) % family.size()];
  }

  void next(Record& r) {
    update_bursts();
    r.type.clear();
    r.src = "synth";
    r.ts = ts_ms();
    uint64_t id = (static_cast<uint64_t>(std::max<int64_t>(0, r.ts - kTwitterEpochMs)) << 22) |
                  (seq++ & 0x3fffff);
    r.id = fmt::format_int(id).str();

    // Burst or background?
    Running* burst = nullptr;
    if (!running.empty()) {
      double total = 0;
      for (const Running& x : running) total += share(x, event_us);
      double u = rng.uniform();
      if (u < total) {
        for (Running& x : running) {
          u -= share(x, event_us);
          if (u < 0) {
            burst = &x;
            break;
          }
        }
        if (!burst) burst = &running.back();
      }
    }
    const City& c = cities[burst ? burst->city : city_pick.pick(rng)];

    // Language and text.
    auto phrases = synth_phrases(c.g->lang());
    if (phrases.empty() || rng.uniform() < 0.25) {
      r.lang = "en";
      phrases = synth_phrases("en");
    } else {
      r.lang = c.g->lang();
    }
    r.text.assign(phrases[rng.below(phrases.size())]);
    r.tags.clear();
    if (burst) {
      add_tag(r, burst_tags_lookup(*burst));
      ++burst->b.records;
      if (rng.uniform() < 0.3) add_tag(r, common[tag_pick.pick(rng)]);
    } else {
      double u = rng.uniform();
      int n = u < 0.38 ? 0 : u < 0.74 ? 1 : u < 0.92 ? 2 : 3;
      for (int i = 0; i < n; ++i) add_tag(r, common[tag_pick.pick(rng)]);
    }
    if (rng.uniform() < 0.06) add_tag(r, c.tag);

    make_author(r);
    r.rt = rng.uniform() < 0.12;
    if (r.rt) {
      uint64_t other = rng.below(400000);
      r.text.insert(0, fmt::format("RT @{}{}: ", synth_handle_words()[other % 32], other));
    }

    // Where: 5% no position, 28% exact points (with their place), the rest place centres.
    double g = rng.uniform();
    if (g < 0.05 && !burst) {
      r.geo = GeoKind::kNone;
      r.lat.reset();
      r.lon.reset();
      r.bbox.reset();
      r.place.clear();
      r.cc.clear();
    } else {
      r.bbox = c.bbox;
      r.place = c.place;
      r.cc = c.g->cc();
      if (g < 0.33) {
        r.geo = GeoKind::kPoint;
        double a = rng.uniform() + rng.uniform() - 1, b = rng.uniform() + rng.uniform() - 1;
        r.lat = round6(c.g->lat + a * c.dlat * 0.8);
        r.lon = round6(normalize_lon(c.g->lon + b * c.dlon * 0.8));
      } else {
        r.geo = GeoKind::kPlace;
        r.lat = c.clat;
        r.lon = c.clon;
      }
    }
    event_us +=
        mean_gap_us / 2 + static_cast<int64_t>(rng.below(static_cast<uint64_t>(mean_gap_us) + 1));
  }

  Tag burst_tags_lookup(const Running& x) const { return {x.b.tag, x.b.term}; }
};

SynthGenerator::SynthGenerator(const SynthConfig& config) : impl_(std::make_unique<Impl>(config)) {}
SynthGenerator::~SynthGenerator() = default;
void SynthGenerator::next(Record& r) { impl_->next(r); }
int64_t SynthGenerator::next_ts() const { return impl_->ts_ms(); }

std::vector<SynthBurst> SynthGenerator::take_finished() {
  std::vector<SynthBurst> out(std::make_move_iterator(impl_->finished.begin()),
                              std::make_move_iterator(impl_->finished.end()));
  impl_->finished.clear();
  return out;
}

std::vector<SynthBurst> SynthGenerator::take_running() {
  std::vector<SynthBurst> out;
  for (Running& r : impl_->running) out.push_back(std::move(r.b));
  impl_->running.clear();
  return out;
}

std::string burst_truth_json(const SynthBurst& b, bool cut) {
  std::string s;
  JsonWriter w(s);
  w.begin_object()
      .field("term", b.term)
      .field("tag", b.tag)
      .field("cc", b.cc)
      .field("place", b.place)
      .key("lat")
      .number(b.lat)
      .key("lon")
      .number(b.lon)
      .key("radius_km")
      .number(b.radius_km)
      .key("bbox")
      .begin_array();
  for (double v : b.bbox) w.number(v);
  w.end_array()
      .key("start")
      .integer(b.start_ms)
      .key("end")
      .integer(b.end_ms)
      .key("peak_share")
      .number(b.peak_share)
      .key("records")
      .integer(static_cast<int64_t>(b.records));
  if (cut) w.key("cut").boolean(true);
  w.end_object();
  s += '\n';
  return s;
}

}  // namespace tweetmap
