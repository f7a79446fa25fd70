#include "sse/view_trends.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "core/filter.hpp"
#include "core/geo.hpp"
#include "core/json_write.hpp"
#include "sse/query.hpp"

namespace tweetmap {
namespace {

using simdjson::dom::element;
// A member lookup: an element or the error of its absence (never converted, which would throw).
using Field = simdjson::simdjson_result<element>;

std::optional<LonLat> lon_lat(Field e) {
  simdjson::dom::array a;
  if (e.get_array().get(a) || a.size() != 2) return std::nullopt;
  double lon = 0, lat = 0;
  if (a.at(0).get_double().get(lon) || a.at(1).get_double().get(lat)) return std::nullopt;
  if (!valid_position(lat, lon)) return std::nullopt;
  return LonLat{lon, lat};
}

std::optional<BBox> box_of(Field e) {
  simdjson::dom::array a;
  if (e.get_array().get(a) || a.size() != 4) return std::nullopt;
  BBox b{};
  for (size_t k = 0; k < 4; ++k)
    if (a.at(k).get_double().get(b[k])) return std::nullopt;
  if (!valid_box(b)) return std::nullopt;
  return b;
}

double number_or(Field e, double dflt) {
  double v = 0;
  return e.get_double().get(v) || !std::isfinite(v) ? dflt : v;
}

int64_t count_of(Field e) {
  double v = number_or(e, 0);
  return v > 0 ? static_cast<int64_t>(std::llround(v)) : 0;
}

std::string string_or_empty(Field e) {
  std::string_view s;
  return e.get_string().get(s) ? std::string() : std::string(s);
}

bool better(const ViewTrend& a, const ViewTrend& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.count != b.count) return a.count > b.count;
  return a.term < b.term;
}

/// One trend item of a scope, seen from the view; nullopt when nothing of it is in the view.
std::optional<ViewTrend> in_view(element item, std::string_view scope, const std::string& region,
                                 const std::optional<BBox>& area, const BBox& view) {
  ViewTrend t;
  t.term = string_or_empty(item["term"]);
  if (t.term.empty()) return std::nullopt;
  t.scope = scope;
  t.region = region;
  t.total = count_of(item["count"]);
  t.expected = number_or(item["expected"], 0);
  t.score = number_or(item["score"], 0);
  t.place = string_or_empty(item["place"]);
  simdjson::dom::array cells;
  if (!item["cells"].get_array().get(cells)) {
    for (element c : cells) {
      auto at = lon_lat(c["center"]);
      if (!at || !box_contains(view, (*at)[1], (*at)[0])) continue;
      t.cells.push_back({string_or_empty(c["cell"]), count_of(c["count"]), at});
      t.count += t.cells.back().count;
    }
  }
  std::stable_sort(
      t.cells.begin(), t.cells.end(),
      [](const ViewTrendCell& a, const ViewTrendCell& b) { return a.count > b.count; });
  if (!t.cells.empty()) {
    t.where = t.cells.front().center;
    return t;
  }
  if (!area || !boxes_overlap(*area, view)) return std::nullopt;
  // An area overlapping the view with none of its cells inside: the whole area's count, and its
  // centroid when that is in view, else the area's centre.
  t.count = t.total;
  auto centroid = lon_lat(item["centroid"]);
  if (centroid && box_contains(view, (*centroid)[1], (*centroid)[0])) {
    t.where = centroid;
  } else {
    LatLon c = box_centre(*area);
    t.where = LonLat{c.lon, c.lat};
  }
  return t;
}

}  // namespace

Result<ViewTrends> view_trends(std::string_view snapshot_json, const BBox& view, size_t limit) {
  // One parser per I/O thread: requests never share one, and its buffers are reused.
  thread_local simdjson::dom::parser parser;
  element doc;
  if (parser.parse(snapshot_json.data(), snapshot_json.size(), true).get(doc) || !doc.is_object())
    return parse_error("the trends snapshot is not a JSON object");
  ViewTrends out;
  out.have_snapshot = true;
  out.ts = static_cast<int64_t>(number_or(doc["ts"], 0));
  out.window_s = number_or(doc["window"], 0);
  bool warming = false;
  out.warming = !doc["warming"].get_bool().get(warming) && warming;
  simdjson::dom::array scopes;
  if (doc["scopes"].get_array().get(scopes)) return out;
  std::unordered_map<std::string, size_t> by_term;
  for (element sc : scopes) {
    std::string_view kind;
    if (sc["scope"].get_string().get(kind)) continue;
    std::string region;
    std::optional<BBox> area;
    if (kind == "cc") {
      region = string_or_empty(sc["cc"]);
    } else if (kind == "cell") {
      region = string_or_empty(sc["cell"]);
      area = box_of(sc["bbox"]);
    } else if (kind != "global") {
      continue;
    }
    simdjson::dom::array items;
    if (sc["trends"].get_array().get(items)) continue;
    for (element item : items) {
      auto t = in_view(item, kind, region, area, view);
      if (!t) continue;
      auto [it, fresh] = by_term.try_emplace(t->term, out.trends.size());
      if (fresh) {
        out.trends.push_back(std::move(*t));
        continue;
      }
      // The same term in several scopes: the best-scoring one, with the largest count in view.
      ViewTrend& have = out.trends[it->second];
      int64_t count = std::max(have.count, t->count);
      if (t->score > have.score) have = std::move(*t);
      have.count = count;
    }
  }
  std::sort(out.trends.begin(), out.trends.end(), better);
  if (out.trends.size() > limit) out.trends.resize(limit);
  return out;
}

std::string view_trends_json(const ViewTrends& v, const BBox& view) {
  std::string out;
  JsonWriter w(out);
  auto point = [&](const LonLat& p) { w.begin_array().number(p[0]).number(p[1]).end_array(); };
  w.begin_object();
  if (v.have_snapshot)
    w.key("ts").integer(v.ts);
  else
    w.key("ts").null();
  w.key("window").number(v.window_s).key("warming").boolean(v.warming);
  w.key("bbox").begin_array();
  for (double d : view) w.number(d);
  w.end_array();
  w.key("trends").begin_array();
  for (const auto& t : v.trends) {
    w.begin_object().field("term", t.term).field("scope", t.scope);
    if (t.scope == "cc") w.field("cc", t.region);
    if (t.scope == "cell") w.field("cell", t.region);
    w.key("count").integer(t.count).key("total").integer(t.total);
    w.key("expected").number(t.expected).key("score").number(t.score);
    if (!t.place.empty()) w.field("place", t.place);
    if (t.where) {
      w.key("where");
      point(*t.where);
    }
    w.key("cells").begin_array();
    for (const auto& c : t.cells) {
      w.begin_object().field("cell", c.cell).key("count").integer(c.count);
      if (c.center) {
        w.key("center");
        point(*c.center);
      }
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return out;
}

Result<ViewTrendsQuery> parse_view_trends_query(std::string_view query) {
  auto params = parse_query(query);
  if (!params) return usage_error(params.status().message());
  ViewTrendsQuery q;
  bool have_box = false;
  for (auto& [name, value] : *params) {
    if (name == "bbox") {
      auto boxes = parse_boxes(value);
      if (!boxes) return usage_error(fmt::format("bad bbox=: {}", boxes.status().message()));
      if (boxes->size() != 1) return usage_error("bad bbox=: give one box W,S,E,N");
      q.bbox = boxes->front();
      have_box = true;
    } else if (name == "limit") {
      size_t n = 0;
      auto r = std::from_chars(value.data(), value.data() + value.size(), n);
      if (r.ec != std::errc{} || r.ptr != value.data() + value.size() || n < 1 || n > 100)
        return usage_error(fmt::format("bad limit= value '{}' (1 to 100)", value));
      q.limit = n;
    } else if (name == "token") {
      q.token = value;
      q.has_token_param = true;
    }
  }
  if (!have_box) return usage_error("bbox= is required: W,S,E,N (the view's box)");
  return q;
}

}  // namespace tweetmap
