#include "trends/snapshot.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/record.hpp"
#include "trends/geocell.hpp"

namespace tweetmap {

namespace {

void append_rounded(double v, double scale, std::string& out) {
  append_json_number(std::round(v * scale) / scale, out);
}

void append_int(int64_t v, std::string& out) { fmt::format_to(std::back_inserter(out), "{}", v); }

void append_lonlat(double lon, double lat, std::string& out) {
  out += '[';
  append_rounded(lon, 1e5, out);
  out += ',';
  append_rounded(lat, 1e5, out);
  out += ']';
}

void append_item(const TrendItem& t, std::string& out) {
  out += "{\"term\":";
  append_json_string(t.term, out);
  out += ",\"count\":";
  append_int(t.count, out);
  out += ",\"expected\":";
  append_rounded(t.expected, 100, out);
  out += ",\"score\":";
  append_rounded(t.score, 100, out);
  out += ",\"since\":";
  append_int(t.since, out);
  if (t.lat && t.lon) {
    out += ",\"centroid\":";
    append_lonlat(*t.lon, *t.lat, out);
  }
  if (!t.place.empty()) {
    out += ",\"place\":";
    append_json_string(t.place, out);
  }
  out += ",\"cells\":[";
  for (size_t i = 0; i < t.cells.size(); ++i) {
    const TrendCell& c = t.cells[i];
    if (i) out += ',';
    out += "{\"cell\":";
    append_json_string(c.cell, out);
    out += ",\"count\":";
    append_int(c.count, out);
    out += ",\"center\":";
    append_lonlat(c.lon, c.lat, out);
    out += '}';
  }
  out += "]}";
}

}  // namespace

void append_snapshot_json(const TrendsSnapshot& s, std::string& out) {
  out += "{\"type\":\"trends\",\"ts\":";
  append_int(s.ts, out);
  out += ",\"interval\":";
  append_rounded(static_cast<double>(s.interval_ms) / 1000, 1000, out);
  out += ",\"window\":";
  append_rounded(static_cast<double>(s.window_ms) / 1000, 1000, out);
  out += ",\"warming\":";
  out += s.warming ? "true" : "false";
  if (s.warming) {
    out += ",\"warmup\":{\"seen\":";
    append_rounded(static_cast<double>(s.warmup_seen_ms) / 1000, 1000, out);
    out += ",\"need\":";
    append_rounded(static_cast<double>(s.warmup_need_ms) / 1000, 1000, out);
    out += '}';
  }
  out += ",\"records\":";
  append_int(static_cast<int64_t>(s.records), out);
  out += ",\"scopes\":[";
  for (size_t i = 0; i < s.scopes.size(); ++i) {
    const TrendScope& sc = s.scopes[i];
    if (i) out += ',';
    switch (sc.kind) {
      case TrendScope::Kind::kGlobal:
        out += "{\"scope\":\"global\"";
        break;
      case TrendScope::Kind::kCountry:
        out += "{\"scope\":\"cc\",\"cc\":";
        append_json_string(sc.name, out);
        break;
      case TrendScope::Kind::kCell: {
        out += "{\"scope\":\"cell\",\"cell\":";
        append_json_string(sc.name, out);
        if (auto c = geocell_from_name(sc.name)) {
          CellBox b = geocell_box(*c);
          out += ",\"bbox\":[";
          append_rounded(b.west, 1e6, out);
          out += ',';
          append_rounded(b.south, 1e6, out);
          out += ',';
          append_rounded(b.east, 1e6, out);
          out += ',';
          append_rounded(b.north, 1e6, out);
          out += ']';
        }
        break;
      }
    }
    out += ",\"trends\":[";
    for (size_t j = 0; j < sc.trends.size(); ++j) {
      if (j) out += ',';
      append_item(sc.trends[j], out);
    }
    out += "]}";
  }
  out += "]}\n";
}

}  // namespace tweetmap
