#include "source/post_record.hpp"

#include "core/geo.hpp"
#include "core/hashtags.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"

namespace tweetmap::post_detail {

namespace {

void set_text(std::string_view raw, std::string& out) {
  out.clear();
  if (raw.find('&') == std::string_view::npos) {
    out.assign(raw);
  } else {
    append_html_unescaped(raw, out);
  }
}

}  // namespace

Record& next_slot(std::vector<Record>& out, size_t& used) {
  if (used < out.size()) {
    Record& r = out[used++];
    r.clear();
    return r;
  }
  ++used;
  return out.emplace_back();
}

bool build_record(const PostFields& p, const std::vector<std::string_view>& tags,
                  const std::vector<std::string_view>& ext_tags, const std::string& src, Record& r,
                  std::string& why) {
  if (p.id.empty()) {
    why = "no post id";
    return false;
  }
  r.id.assign(p.id);
  if (p.ts_ms >= 0) {
    r.ts = p.ts_ms;
  } else if (!p.created_at.empty()) {
    auto t = parse_post_time(p.created_at);
    if (!t) {
      why = "unreadable created_at \"" + std::string(p.created_at.substr(0, 40)) + "\"";
      return false;
    }
    r.ts = *t;
  }
  set_text(!p.full_text.empty() ? p.full_text : p.text, r.text);
  r.lang.assign(p.lang);
  r.user.assign(p.user);
  r.name.assign(p.name);
  r.place.assign(p.place_name);
  r.cc.assign(p.place_cc);
  r.author_location.assign(p.location);
  r.author_time_zone.assign(p.time_zone);
  r.author_utc_offset_s = p.utc_offset_s;
  r.rt = p.rt;
  r.src = src;
  if (p.bbox && valid_box(*p.bbox)) r.bbox = p.bbox;
  // v1.1: "coordinates" is [lon, lat]; the deprecated "geo" ([lat, lon]) only when it is missing.
  resolve_geo(r, p.point ? p.point : p.geo_field);
  const auto& chosen = p.has_ext_entities ? ext_tags : tags;
  for (auto t : chosen) add_hashtag(t, r.tags);
  if (!p.has_entities && !p.has_ext_entities) extract_hashtags(r.text, r.tags);
  return true;
}

}  // namespace tweetmap::post_detail
