#include "trends/snapshot.hpp"

#include <cmath>

#include "core/json_write.hpp"
#include "trends/geocell.hpp"

namespace tweetmap {

namespace {

// `v` rounded to 1/scale (scale 100: two decimals), so the same snapshot gives the same bytes.
double rounded(double v, double scale) { return std::round(v * scale) / scale; }

void write_lonlat(JsonWriter& w, double lon, double lat) {
  w.begin_array().number(rounded(lon, 1e5)).number(rounded(lat, 1e5)).end_array();
}

void write_item(JsonWriter& w, const TrendItem& t) {
  w.begin_object().field("term", t.term);
  w.key("count").integer(t.count);
  w.key("expected").number(rounded(t.expected, 100));
  w.key("score").number(rounded(t.score, 100));
  w.key("since").integer(t.since);
  if (t.lat && t.lon) write_lonlat(w.key("centroid"), *t.lon, *t.lat);
  if (!t.place.empty()) w.field("place", t.place);
  w.key("cells").begin_array();
  for (const TrendCell& c : t.cells) {
    w.begin_object().field("cell", c.cell);
    w.key("count").integer(c.count);
    write_lonlat(w.key("center"), c.lon, c.lat);
    w.end_object();
  }
  w.end_array().end_object();
}

void write_scope(JsonWriter& w, const TrendScope& sc) {
  w.begin_object().field("scope", scope_name(sc.kind));
  switch (sc.kind) {
    case Scope::kGlobal:
      break;
    case Scope::kCountry:
      w.field("cc", sc.name);
      break;
    case Scope::kCell:
      w.field("cell", sc.name);
      if (auto c = geocell_from_name(sc.name)) {
        CellBox b = geocell_box(*c);
        w.key("bbox").begin_array();
        for (double v : {b.west, b.south, b.east, b.north}) w.number(rounded(v, 1e6));
        w.end_array();
      }
      break;
  }
  w.key("trends").begin_array();
  for (const TrendItem& t : sc.trends) write_item(w, t);
  w.end_array().end_object();
}

}  // namespace

void append_snapshot_json(const TrendsSnapshot& s, std::string& out) {
  JsonWriter w(out);
  w.begin_object().field("type", "trends");
  w.key("ts").integer(s.ts);
  w.key("interval").number(rounded(static_cast<double>(s.interval_ms) / 1000, 1000));
  w.key("window").number(rounded(static_cast<double>(s.window_ms) / 1000, 1000));
  w.key("warming").boolean(s.warming);
  if (s.warming) {
    w.key("warmup").begin_object();
    w.key("seen").number(rounded(static_cast<double>(s.warmup_seen_ms) / 1000, 1000));
    w.key("need").number(rounded(static_cast<double>(s.warmup_need_ms) / 1000, 1000));
    w.end_object();
  }
  w.key("records").integer(static_cast<int64_t>(s.records));
  w.key("scopes").begin_array();
  for (const TrendScope& sc : s.scopes) write_scope(w, sc);
  w.end_array().end_object();
  out += '\n';
}

}  // namespace tweetmap
