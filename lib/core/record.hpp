// The normalized record: the contract on every pipe and topic (docs/DESIGN.md, "The record").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "core/json_write.hpp"  // append_json_string and friends, for the record's readers too
#include "core/status.hpp"

namespace tweetmap {

/// How precise a record's position is.
enum class GeoKind { kNone, kPoint, kPlace, kProfile, kText };
std::string_view geo_kind_name(GeoKind g);
/// Parses "point", "place", "profile", "text", "none"; nullopt otherwise.
std::optional<GeoKind> geo_kind_from_name(std::string_view s);

/// What a geocoded position (geo "profile" or "text") stands for: coordinates written in the
/// profile, a city, a region's or a country's centre. kNone for every other record.
enum class GeoPrecision : uint8_t { kNone, kPoint, kCity, kRegion, kCountry };
/// "point", "city", "region", "country"; "" for kNone.
std::string_view geo_precision_name(GeoPrecision p);
/// Parses the names above; kNone for anything else.
GeoPrecision geo_precision_from_name(std::string_view s);

/// Bounding box as [west, south, east, north] in WGS84 degrees (west > east crosses the
/// antimeridian).
using BBox = std::array<double, 4>;

/// One post, normalized. Plain value type.
struct Record {
  std::string id;             ///< post id as a string (never through a double)
  int64_t ts = 0;             ///< creation time, ms since the epoch, UTC
  std::optional<double> lat;  ///< WGS84 latitude, absent when unknown
  std::optional<double> lon;  ///< WGS84 longitude, absent when unknown
  GeoKind geo = GeoKind::kNone;
  /// geo "profile"/"text" only (written as "prec")
  GeoPrecision prec = GeoPrecision::kNone;
  std::optional<BBox> bbox;  ///< the place's box, whenever the post has a place
  std::string place, cc, user, name, text, lang;  ///< empty = unknown (omitted on output)
  std::vector<std::string>
      tags;  ///< hashtags without '#', case-folded, de-duplicated, first-use order
  bool rt = false;
  std::string src;
  /// `x` only: the tags of the stream rules that matched (a rule without a tag: its value,
  /// else its id); empty otherwise (omitted on output).
  std::vector<std::string> rules;
  std::string type;  ///< empty for posts; "trends", ... for other events

  // What a source knows of the author's whereabouts: input to geocoding, never written.
  std::string author_location;   ///< the stated profile location ("Rio de Janeiro, Brasil")
  std::string author_time_zone;  ///< v1.1 user.time_zone ("Brasilia"), empty when unknown
  std::optional<int> author_utc_offset_s;  ///< v1.1 user.utc_offset, seconds east of UTC

  bool has_position() const { return lat.has_value() && lon.has_value(); }
  void clear();
};

/// Appends `r` as one compact JSON line (with the trailing '\n') to `out`.
/// Field order is fixed (id, ts, lat, lon, geo, prec (geocoded records only), bbox, place, cc,
/// user, name, text, lang, tags, rt, src, rules), unknown fields are omitted, strings and numbers
/// are written as core/json_write.hpp writes them (escaped, invalid UTF-8 replaced by U+FFFD;
/// shortest round-trip form), so the output is always valid UTF-8 JSON and the same record always
/// gives the same bytes.
void append_record_json(const Record& r, std::string& out);

/// Parses normalized record lines (the output of tweet-stream). Reuses its buffers: keep one per
/// thread. Unknown fields are ignored; `type` is filled for non-post events.
class RecordParser {
 public:
  /// `line` must have SIMDJSON_PADDING readable bytes after its end when `padded` is true
  /// (LineReader guarantees it); otherwise the line is copied into an internal padded buffer.
  Status parse(std::string_view line, Record& out, bool padded = false);

 private:
  simdjson::ondemand::parser parser_;
  simdjson::padded_string buffer_;
};

}  // namespace tweetmap
