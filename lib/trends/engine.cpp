#include "trends/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "trends/geocell.hpp"
#include "trends/scope.hpp"
#include "trends/snapshot.hpp"
#include "trends/where.hpp"
#include "trends/window.hpp"

namespace tweetmap {

using namespace trends_detail;  // the engine's tables and the "where" scan
constexpr Scope kGlobal = Scope::kGlobal, kCountry = Scope::kCountry, kCell = Scope::kCell;

namespace {

constexpr uint32_t kPositionWindow = 64;
constexpr uint32_t kRegionCapacity = 8192;
constexpr uint32_t kNoKey = UINT32_MAX;
constexpr int64_t kWarmingSince = INT64_MIN;  // trended only while warming: not listed yet
// The latest usable event time (9999-12-31T23:59:59.999Z): later ones are not real posts, and
// bucket arithmetic on them would overflow.
constexpr int64_t kMaxEventTimeMs = 253'402'300'799'999;
const uint64_t kRegionHash = hash_term({});

// Words and hashtags of the same text are different terms: their hashes differ too, so a term
// hash identifies (text, kind) everywhere (e.g. when finding a trend's cells).
uint64_t term_hash_of(std::string_view text, bool word) {
  return hash_term(text) ^ (word ? 0x5bd1e9955bd1e995ULL : 0);
}

double round_to(double v, double scale) { return std::round(v * scale) / scale; }

}  // namespace

Status validate_trends_config(const TrendsConfig& c) {
  if (c.interval_ms < 1) return usage_error("--interval must be positive");
  if (c.window_ms < c.interval_ms || c.window_ms % c.interval_ms != 0)
    return usage_error(fmt::format("--window ({} s) must be a whole number of intervals ({} s)",
                                   c.window_ms / 1000.0, c.interval_ms / 1000.0));
  if (c.window_ms / c.interval_ms > 1000)
    return usage_error("--window may span at most 1000 intervals");
  if (c.baseline_ms < c.window_ms) return usage_error("--baseline must be at least --window");
  if (c.lateness_ms < 0 || c.lateness_ms > 100 * c.window_ms)
    return usage_error("--lateness must be between 0 and 100 windows");
  if (c.warmup_ms < 0) return usage_error("--warmup must not be negative");
  if (c.cell_precision < kMinCellPrecision || c.cell_precision > kMaxCellPrecision)
    return usage_error(
        fmt::format("--cell-precision must be {}..{}", kMinCellPrecision, kMaxCellPrecision));
  if (c.capacity < 16 || c.capacity > (1u << 24))
    return usage_error("--capacity must be between 16 and 16777216");
  if (c.top < 1) return usage_error("--top must be at least 1");
  if (!(c.threshold >= 0) || !std::isfinite(c.threshold))
    return usage_error("--threshold must be a non-negative number");
  if (!c.global && !c.country && !c.cell) return usage_error("--scopes names no scope");
  return Status::ok();
}

struct TrendsEngine::Impl {
  explicit Impl(const TrendsConfig& c)
      : cfg(c),
        window(c.interval_ms, c.window_ms / c.interval_ms, c.lateness_ms),
        decay(baseline_decay(c.interval_ms, c.baseline_ms)),
        extractor(c.terms),
        records_ring(static_cast<size_t>(window.ring_buckets()), 0) {
    const PerScope<bool> on{{c.global, c.country, c.cell}};
    const auto ring = static_cast<uint32_t>(window.ring_buckets());
    for (Scope k : kScopes) {
      if (on[k]) tables[k] = std::make_unique<Table>(c.capacity, ring);
    }
    // Post counts per country and per cell: each region's share of the traffic.
    for (Scope k : {Scope::kCountry, Scope::kCell}) {
      if (on[k]) regions[k] = std::make_unique<Table>(kRegionCapacity, ring);
    }
  }

  // The global table (null when --scopes leaves it out): every regional prior comes from it.
  const Table* global() const { return tables[kGlobal].get(); }

  size_t ring_slot(int64_t b) const {
    const int64_t r = window.ring_buckets();
    int64_t m = b % r;
    return static_cast<size_t>(m < 0 ? m + r : m);
  }

  // The rate per bucket a regional key is expected to have from the term's global baseline
  // rate and the region's share of all posts in the baseline; negative when unknown.
  double parent_rate(Scope kind, uint64_t region, bool word, uint64_t h) const {
    if (!global() || !regions[kind] || exposure <= 0 || records_decayed <= 0) return -1;
    const Table& g = *global();
    const uint32_t gi = g.keys.find(word ? kWordBit : 0, h);
    const Table& r = *regions[kind];
    const uint32_t ri = r.keys.find(region, kRegionHash);
    if (gi == g.keys.capacity() || ri == r.keys.capacity()) return -1;
    return parent_rate_of(kind, gi, ri);
  }

  // The same from the global key's index and the region's index (kNoKey: unknown).
  double parent_rate_of(Scope kind, uint32_t gi, uint32_t ri) const {
    if (gi == kNoKey || ri == kNoKey || !global() || !regions[kind] || exposure <= 0 ||
        records_decayed <= 0)
      return -1;
    return global()->decayed[gi] * scale / exposure *
           (regions[kind]->decayed[ri] * scale / records_decayed);
  }

  // Counts one term occurrence in one table; returns the key's index. `gi` and `ri`: the
  // indices of the term's global key and of the post's region (for a new regional key's prior).
  uint32_t count(Scope kind, uint64_t scope, const Term& term, uint64_t h, int64_t b,
                 uint32_t gi = kNoKey, uint32_t ri = kNoKey) {
    Table& t = *tables[kind];
    SpaceSaving::Hit hit = t.keys.add(scope, term.text, h, b);
    post_keys[kind].push_back(hit.index);
    Payload& p = t.pay[hit.index];
    if (hit.admitted) {
      p = Payload{};
      // Before admission the key was seen at most `inherited` times per window (the
      // Space-Saving bound); a regional key is also expected at its region's share of the
      // term's global rate. Its baseline starts from the larger of the two, so a key that was
      // evicted and comes back does not look new.
      double rate =
          static_cast<double>(hit.inherited) / static_cast<double>(window.window_buckets());
      if (kind != Scope::kGlobal) rate = std::max(rate, parent_rate_of(kind, gi, ri));
      t.decayed[hit.index] = rate * exposure / scale;
    }
    return hit.index;
  }

  // Posts that carry a term already trending in a region also lift their other terms there (the
  // city's tag, a popular tag); those occurrences are marked as explained by the trending term
  // and do not count towards the other terms' own scores. The best-scoring trending term of the
  // post keeps all of its occurrences.
  void mark_explained(Scope kind, int64_t b) {
    std::vector<uint32_t>& keys = post_keys[kind];
    if (keys.size() < 2) return;
    Table& t = *tables[kind];
    const int64_t last = window.next_end() - 1;
    double best = -1;
    uint32_t best_key = 0;
    for (uint32_t i : keys) {
      const Payload& p = t.pay[i];
      if (p.last_trend == last && p.last_score > best) {
        best = p.last_score;
        best_key = i;
      }
    }
    if (best < 0) return;
    for (uint32_t i : keys) {
      if (i != best_key) t.keys.mark(i, b);
    }
  }

  void vote_place(Table& t, uint32_t i, const Record& r, uint64_t place_hash) {
    if (place_hash == 0) return;
    Payload& p = t.pay[i];
    if (p.place_votes == 0) {
      p.place_hash = place_hash;
      t.place[i] = r.place;
      p.place_votes = 1;
    } else if (p.place_hash == place_hash) {
      ++p.place_votes;
    } else {
      --p.place_votes;
    }
  }

  bool add(const Record& r, std::string& out) {
    ++counters.posts;
    if (r.ts <= 0 || r.ts > kMaxEventTimeMs) {
      ++counters.no_time;
      return false;
    }
    if (cfg.skip_retweets && r.rt) {
      ++counters.retweets;
      return false;
    }
    window.observe(r.ts);
    emit_due(out);
    if (!window.accepts(r.ts)) {
      if (counters.late++ == 0) counters.first_late_ts = r.ts;
      return false;
    }
    ++counters.counted;
    const int64_t b = window.bucket_of(r.ts);
    ++records_ring[ring_slot(b)];
    ++records_live;
    const uint64_t cc = country_scope_code(r.cc);
    GeoCell cell;
    if (tables[kCell] && r.has_position() && counts_in_cells(r.geo, r.prec))
      cell = geocell_of(*r.lat, *r.lon, cfg.cell_precision);
    PerScope<uint32_t> region_key{{kNoKey, kNoKey, kNoKey}};
    if (regions[kCountry] && cc)
      region_key[kCountry] = regions[kCountry]->keys.add(cc, {}, kRegionHash, b).index;
    if (regions[kCell] && cell.valid())
      region_key[kCell] = regions[kCell]->keys.add(cell.code, {}, kRegionHash, b).index;
    extractor.extract(r, terms);
    for (auto& k : post_keys) k.clear();
    const uint64_t place_hash = r.place.empty() ? 0 : (hash_term(r.place) | 1);
    for (const Term& term : terms) {
      ++counters.terms;
      const uint64_t h = term_hash_of(term.text, term.word);
      const uint64_t kind = term.word ? kWordBit : 0;
      // The three lookups are independent: start their memory loads together.
      const PerScope<uint64_t> scopes{{kind, kind | cc, kind | cell.code}};
      const PerScope<bool> in{{global() != nullptr, tables[kCountry] && cc, cell.valid()}};
      for (Scope k : kScopes)
        if (in[k]) tables[k]->keys.prefetch(scopes[k], h);
      for (Scope k : kScopes) {
        if (!in[k]) continue;
        const Table& t = *tables[k];
        const uint32_t i = t.keys.find(scopes[k], h);
        if (i == t.keys.capacity()) continue;
        t.keys.prefetch_key(i, b);
        __builtin_prefetch(&t.pay[i], 1);
      }
      uint32_t gi = kNoKey;
      if (tables[kGlobal]) {
        gi = count(kGlobal, kind, term, h, b);
        vote_place(*tables[kGlobal], gi, r, place_hash);
      }
      if (tables[kCountry] && cc)
        vote_place(*tables[kCountry],
                   count(kCountry, kind | cc, term, h, b, gi, region_key[kCountry]), r, place_hash);
      if (cell.valid()) {
        const uint32_t i = count(kCell, kind | cell.code, term, h, b, gi, region_key[kCell]);
        vote_place(*tables[kCell], i, r, place_hash);
        Payload& p = tables[kCell]->pay[i];
        if (p.positions < kPositionWindow) ++p.positions;
        p.lat += (*r.lat - p.lat) / p.positions;
        p.lon += (*r.lon - p.lon) / p.positions;
        if (cc) p.cc = cc;
      }
    }
    for (Scope k : kScopes) {
      if (tables[k]) mark_explained(k, b);
    }
    return true;
  }

  void emit_due(std::string& out) {
    int64_t n = window.due_count();
    const int64_t ring = window.ring_buckets();
    // Across a long gap, the live buckets drain after `ring` snapshots; the rest would be
    // empty, so they are skipped with the decay applied in one step.
    for (int64_t k = 0; k < n; ++k) {
      if (k == ring && n > ring) {
        const int64_t rest = n - ring;
        const double dn = std::pow(decay, static_cast<double>(rest));
        rescale(dn);
        records_decayed *= dn;
        exposure = fold_exposure(exposure, decay, rest);
        window.skip(rest);
        break;
      }
      snapshot(out);
      fold(window.advance());
    }
  }

  // Decays every baseline by `f`: stored values are S / scale, so only the scale changes, and
  // the stored values are renormalized once in a long while.
  void rescale(double f) {
    scale *= f;
    if (scale > 1e-200) return;
    for (auto* set : {&tables, &regions}) {
      for (auto& t : *set) {
        if (!t) continue;
        for (uint32_t i = 0; i < t->keys.size(); ++i) t->decayed[i] *= scale;
      }
    }
    scale = 1;
  }

  // Moves bucket `leaving` out of the window into every key's baseline.
  void fold(int64_t leaving) {
    const bool real = leaving >= window.first_bucket();
    for (auto* set : {&tables, &regions}) {
      for (auto& t : *set) {
        if (!t) continue;
        t->keys.expire(leaving, [&](uint32_t i, uint32_t c) {
          if (real) t->decayed[i] += c / (scale * decay);
        });
      }
    }
    uint64_t& left = records_ring[ring_slot(leaving)];
    records_live -= left;
    if (real) {
      records_decayed = records_decayed * decay + static_cast<double>(left);
      exposure = exposure * decay + 1;
      rescale(decay);
    }
    left = 0;
  }

  std::vector<Candidate> candidates(Scope kind, Table& t, int64_t e, double w, bool warming) {
    // While warming, keys are still scored (nothing is listed): the posts of a term that trends
    // then already explain their other terms' occurrences (see mark_explained).
    std::vector<Candidate> out;
    const int64_t ts = e * cfg.interval_ms;
    // An upper bound of any key's score: the regional prior can only raise the rate (it also
    // adds evidence, hence the larger exposure), and dispersion only lowers the score. Keys
    // that cannot reach the threshold even so are skipped before their buckets are read.
    ScoreParams no_dispersion = cfg.score;
    no_dispersion.dispersion = 0;
    auto may_trend = [&](uint32_t x, double s) {
      Baseline most = baseline_of(s, exposure, -1, cfg.score);
      most.exposure += cfg.score.parent_buckets;
      return trend_score(x, w, most, no_dispersion) >= cfg.threshold - 1e-9;
    };
    for (uint32_t i = 0; i < t.keys.size(); ++i) {
      const uint32_t total = t.keys.total(i);
      if (total < cfg.min_count || !may_trend(total, t.decayed[i] * scale)) continue;
      const uint32_t x = window_count(t, i, e, window.lateness_buckets());
      if (x < cfg.min_count) continue;
      uint32_t explained = 0;
      for (int64_t bb = e - window.window_buckets(); bb < e; ++bb)
        explained += t.keys.marked(i, bb);
      const uint32_t own = x - std::min(x, explained);
      if (own < cfg.min_count || !may_trend(own, t.decayed[i] * scale)) continue;
      Payload& p = t.pay[i];
      const uint64_t scope = t.keys.scope(i);
      const double parent = kind == kGlobal ? -1
                                            : parent_rate(kind, scope & ~kWordBit, scope & kWordBit,
                                                          t.keys.term_hash(i));
      const Baseline base = baseline_of(t.decayed[i] * scale, exposure, parent, cfg.score);
      const double mu = w * base.rate;
      const double z = trend_score(own, w, base, cfg.score);
      if (z < cfg.threshold) continue;
      const int64_t last_trend = p.last_trend;
      p.last_score = z;
      p.last_trend = e;
      if (warming) {
        p.since = kWarmingSince;
        continue;
      }
      // `since` carries over only from an unbroken run of listed trending snapshots.
      if (p.since == kWarmingSince || last_trend != e - 1) p.since = ts;
      out.push_back({i, x, mu, z});
    }
    return out;
  }

  // Groups candidates by region (hashtags and words together), keeps the top N of each and the
  // regions with the best scores.
  std::vector<std::vector<Candidate>> group(const Table& t, std::vector<Candidate> c,
                                            uint32_t max_groups) {
    auto region = [&](const Candidate& x) { return t.keys.scope(x.index) & ~kWordBit; };
    std::sort(c.begin(), c.end(), [&](const Candidate& a, const Candidate& b) {
      if (region(a) != region(b)) return region(a) < region(b);
      if (a.score != b.score) return a.score > b.score;
      if (a.count != b.count) return a.count > b.count;
      const std::string &ta = t.keys.term(a.index), &tb = t.keys.term(b.index);
      if (ta != tb) return ta < tb;
      return t.keys.scope(a.index) < t.keys.scope(b.index);
    });
    std::vector<std::vector<Candidate>> groups;
    for (size_t i = 0; i < c.size(); ++i) {
      if (i == 0 || region(c[i]) != region(c[i - 1])) groups.emplace_back();
      if (groups.back().size() < cfg.top) groups.back().push_back(c[i]);
    }
    std::stable_sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
      return a.front().score > b.front().score;
    });
    if (groups.size() > max_groups) groups.resize(max_groups);
    return groups;
  }

  static uint64_t term_key(const SpaceSaving& k, uint32_t i) { return k.term_hash(i); }

  TrendItem make_item(Scope kind, const Table& t, const Candidate& c, uint64_t scope_code,
                      const WhereMap& where) {
    TrendItem item;
    const std::string& term = t.keys.term(c.index);
    const bool word = t.keys.scope(c.index) & kWordBit;
    item.term = word ? term : "#" + term;
    item.count = c.count;
    item.expected = round_to(c.expected, 100);
    item.score = round_to(c.score, 100);
    item.since = t.pay[c.index].since;
    if (t.pay[c.index].place_hash != 0) item.place = t.place[c.index];
    add_where(item, kind, t, c, scope_code, tables[kCell].get(), where, cfg.where_cells);
    return item;
  }

  void snapshot(std::string& out) {
    const int64_t e = window.next_end();
    uint64_t records = 0;
    for (int64_t b = e - window.window_buckets(); b < e; ++b) records += records_ring[ring_slot(b)];
    const double w = static_cast<double>(std::max<int64_t>(1, window.effective_window(e)));
    const bool warming = window.history_buckets(e) * cfg.interval_ms < cfg.warmup_ms;
    PerScope<std::vector<std::vector<Candidate>>> groups;
    for (Scope k : kScopes) {
      if (!tables[k]) continue;
      groups[k] = group(*tables[k], candidates(k, *tables[k], e, w, warming),
                        k == kGlobal ? 1 : cfg.max_regions);
    }
    if (records == 0) return;

    // Where each reported term is hot: its cells with a count in this window.
    WhereMap where;
    if (tables[kCell]) {
      for (Scope k : {kGlobal, kCountry}) {
        if (!tables[k]) continue;
        for (const auto& g : groups[k])
          for (const Candidate& c : g) where.try_emplace(term_key(tables[k]->keys, c.index));
      }
      scan_where(*tables[kCell], e, window.lateness_buckets(), where);
    }

    TrendsSnapshot snap;
    snap.ts = e * cfg.interval_ms;
    snap.interval_ms = cfg.interval_ms;
    snap.window_ms = cfg.window_ms;
    snap.warming = warming;
    snap.warmup_seen_ms = window.covered_buckets(e) * cfg.interval_ms;  // event time, as `warming`
    snap.warmup_need_ms = cfg.window_ms + cfg.warmup_ms;
    snap.records = records;
    for (Scope k : kScopes) {
      if (!tables[k]) continue;
      if (k == kGlobal && groups[kGlobal].empty()) {
        snap.scopes.push_back({kGlobal, "", {}});
        continue;
      }
      for (const auto& g : groups[k]) {
        const uint64_t code = tables[k]->keys.scope(g.front().index) & ~kWordBit;
        TrendScope sc;
        sc.kind = k;
        sc.name = k == kGlobal    ? ""
                  : k == kCountry ? country_scope_name(code)
                                  : geocell_name(GeoCell{code});
        for (const Candidate& c : g) sc.trends.push_back(make_item(k, *tables[k], c, code, where));
        snap.scopes.push_back(std::move(sc));
      }
    }
    append_snapshot_json(snap, out);
    ++counters.snapshots;
  }

  void finish(std::string& out) {
    if (!window.started()) return;
    const int64_t last = window.final_end();
    while (window.next_end() <= last) {
      snapshot(out);
      fold(window.advance());
    }
  }

  TrendsConfig cfg;
  TrendWindow window;
  double decay;
  double exposure = 0;  // E: decayed number of buckets folded into every baseline
  double scale = 1;     // real S = stored S * scale
  TermExtractor extractor;
  std::vector<Term> terms;
  PerScope<std::vector<uint32_t>> post_keys;  // keys of the current post, per table
  PerScope<std::unique_ptr<Table>> tables;    // the scopes computed (--scopes)
  PerScope<std::unique_ptr<Table>> regions;   // countries and cells: posts per region
  std::vector<uint64_t> records_ring;         // posts per live bucket
  uint64_t records_live = 0;                  // posts in the live buckets
  double records_decayed = 0;                 // decayed posts of the buckets folded so far
  TrendsCounters counters;
};

TrendsEngine::TrendsEngine(const TrendsConfig& c) : impl_(std::make_unique<Impl>(c)) {}
TrendsEngine::~TrendsEngine() = default;
bool TrendsEngine::add(const Record& r, std::string& out) { return impl_->add(r, out); }
void TrendsEngine::finish(std::string& out) { impl_->finish(out); }
const TrendsCounters& TrendsEngine::counters() const { return impl_->counters; }

uint64_t TrendsEngine::tracked_keys() const {
  uint64_t n = 0;
  for (const auto& t : impl_->tables)
    if (t) n += t->keys.size();
  return n;
}

uint64_t TrendsEngine::table_bytes() const {
  uint64_t n = 0;
  for (const auto* set : {&impl_->tables, &impl_->regions}) {
    for (const auto& t : *set) {
      if (!t) continue;
      n += static_cast<uint64_t>(t->keys.capacity()) *
           (t->keys.ring_buckets() * kBucketBitsPerKey / 8 + sizeof(Payload) + kFixedBytesPerKey);
    }
  }
  return n;
}

}  // namespace tweetmap
