#include "core/filter.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "core/geo.hpp"
#include "core/text.hpp"

namespace tweetmap {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  return out;
}

// True when the code point that ends just before `pos` (or starts at `pos`) is a word character.
bool word_before(std::string_view s, size_t pos) {
  if (pos == 0) return false;
  size_t start = pos - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  return is_word_codepoint(next_codepoint(s, start));
}

bool word_at(std::string_view s, size_t pos) {
  if (pos >= s.size()) return false;
  return is_word_codepoint(next_codepoint(s, pos));
}

// `needle` occurs in `hay` where it does not continue a word on either side (only checked on the
// sides where the needle itself starts or ends with a word character).
bool find_bounded(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return false;
  bool word_start = word_at(needle, 0);
  bool word_end = word_before(needle, needle.size());
  for (size_t at = hay.find(needle); at != std::string_view::npos; at = hay.find(needle, at + 1)) {
    if (word_start && word_before(hay, at)) continue;
    if (word_end && word_at(hay, at + needle.size())) continue;
    return true;
  }
  return false;
}

}  // namespace

Result<TrackExpr> TrackExpr::parse(std::string_view spec) {
  TrackExpr expr;
  if (trim(spec).empty()) return expr;
  auto phrases = split(spec, ',');
  for (size_t i = 0; i < phrases.size(); ++i) {
    std::vector<Term> terms;
    std::string_view phrase = phrases[i];
    size_t pos = 0;
    while (pos < phrase.size()) {
      while (pos < phrase.size() && (phrase[pos] == ' ' || phrase[pos] == '\t')) ++pos;
      size_t end = pos;
      while (end < phrase.size() && phrase[end] != ' ' && phrase[end] != '\t') ++end;
      if (end == pos) break;
      std::string_view raw = phrase.substr(pos, end - pos);
      pos = end;
      Term t;
      bool hashtag = raw.starts_with('#') || raw.starts_with("\xEF\xBC\x83");
      if (hashtag) {
        std::string_view body = raw.substr(raw[0] == '#' ? 1 : 3);
        if (body.empty())
          return usage_error("track: a lone '#' in phrase " + std::to_string(i + 1) + " (\"" +
                             std::string(trim(phrase)) + "\")");
        t.folded = casefold(body);
        t.kind = TermKind::kHashtag;
      } else {
        t.folded = casefold(raw);
        std::vector<std::string_view> words;
        split_words(t.folded, words);
        if (has_unspaced_text(t.folded)) {
          t.kind = TermKind::kUnspaced;
        } else if (words.size() == 1 && words[0].size() == t.folded.size()) {
          t.kind = TermKind::kWord;
        } else if (words.empty()) {
          return usage_error("track: term \"" + std::string(raw) + "\" in phrase " +
                             std::to_string(i + 1) + " has no letters or digits");
        } else {
          t.kind = TermKind::kSubstring;
        }
      }
      terms.push_back(std::move(t));
    }
    if (terms.empty())
      return usage_error("track: empty phrase " + std::to_string(i + 1) + " in \"" +
                         std::string(spec) + "\" (phrases are separated by commas)");
    expr.phrases_.push_back(std::move(terms));
  }
  return expr;
}

bool TrackExpr::matches(const Record& r) const { return matches_text(r.text, r.tags); }

bool TrackExpr::matches_text(std::string_view text, const std::vector<std::string>& tags) const {
  if (phrases_.empty()) return true;
  // Folded text and its words, computed once per call; buffers reused per thread.
  thread_local std::string folded;
  thread_local std::vector<std::string_view> words;
  folded.clear();
  words.clear();
  append_casefold(text, folded);
  split_words(folded, words);
  auto has_word = [&](std::string_view w) {
    return std::find(words.begin(), words.end(), w) != words.end() ||
           std::find(tags.begin(), tags.end(), w) != tags.end();
  };
  auto has_tag = [&](std::string_view w) {
    if (std::find(tags.begin(), tags.end(), w) != tags.end()) return true;
    // A hashtag written in the text but missing from the entities (or cut by them).
    for (size_t at = folded.find(w); at != std::string::npos; at = folded.find(w, at + 1)) {
      bool hash = (at >= 1 && folded[at - 1] == '#') ||
                  (at >= 3 && std::string_view(folded).substr(at - 3, 3) == "\xEF\xBC\x83");
      if (hash && (has_unspaced_text(w) || !word_at(folded, at + w.size()))) return true;
    }
    return false;
  };
  for (const auto& phrase : phrases_) {
    bool all = true;
    for (const auto& t : phrase) {
      bool hit = false;
      switch (t.kind) {
        case TermKind::kWord:
          hit = has_word(t.folded);
          break;
        case TermKind::kHashtag:
          hit = has_tag(t.folded);
          break;
        case TermKind::kSubstring:
          hit = find_bounded(folded, t.folded);
          break;
        case TermKind::kUnspaced:
          hit = folded.find(t.folded) != std::string::npos;
          break;
      }
      if (!hit) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

Result<std::vector<BBox>> parse_boxes(std::string_view spec) {
  std::vector<BBox> boxes;
  if (trim(spec).empty()) return boxes;
  auto parts = split(spec, ',');
  if (parts.size() % 4 != 0)
    return usage_error("locations: expected groups of four numbers (west,south,east,north), got " +
                       std::to_string(parts.size()) + " in \"" + std::string(spec) + "\"");
  for (size_t b = 0; b < parts.size() / 4; ++b) {
    BBox box{};
    for (size_t i = 0; i < 4; ++i) {
      std::string_view v = trim(parts[b * 4 + i]);
      if (!v.empty() && v[0] == '+') v.remove_prefix(1);
      double d = 0;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
      if (v.empty() || ec != std::errc() || ptr != v.data() + v.size())
        return usage_error("locations: box " + std::to_string(b + 1) + ": \"" +
                           std::string(trim(parts[b * 4 + i])) + "\" is not a number");
      box[i] = d;
    }
    std::string where = "locations: box " + std::to_string(b + 1) + ": ";
    if (!valid_lon(box[0]) || !valid_lon(box[2]))
      return usage_error(where + "longitude out of range [-180, 180]");
    if (!valid_lat(box[1]) || !valid_lat(box[3]))
      return usage_error(where + "latitude out of range [-90, 90]");
    if (box[1] > box[3])
      return usage_error(where + "south latitude " + std::string(trim(parts[b * 4 + 1])) +
                         " is north of " + std::string(trim(parts[b * 4 + 3])) +
                         " (give the south-west corner first)");
    boxes.push_back(box);
  }
  return boxes;
}

Result<Filter> Filter::make(const FilterSpec& spec) {
  Filter f;
  auto track = TrackExpr::parse(spec.track);
  if (!track) return track.status();
  f.track_ = std::move(track.value());
  auto boxes = parse_boxes(spec.locations);
  if (!boxes) return boxes.status();
  f.boxes_ = std::move(boxes.value());
  for (const auto& l : spec.langs) {
    for (auto part : split(l, ',')) {
      part = trim(part);
      if (part.empty()) continue;
      f.langs_.push_back(ascii_lower(part));
    }
  }
  f.geo_kinds_ = spec.geo_kinds;
  f.geo_only_ = spec.geo_only;
  f.no_retweets_ = spec.no_retweets;
  return f;
}

bool Filter::empty() const {
  return track_.empty() && boxes_.empty() && langs_.empty() && geo_kinds_.empty() && !geo_only_ &&
         !no_retweets_;
}

bool Filter::matches_position(const Record& r) const {
  if (geo_only_ && !r.has_position()) return false;
  if (!geo_kinds_.empty() &&
      std::find(geo_kinds_.begin(), geo_kinds_.end(), r.geo) == geo_kinds_.end())
    return false;
  if (!boxes_.empty()) {
    bool ok = false;
    for (const auto& b : boxes_) {
      if (r.geo == GeoKind::kPoint || (!r.bbox && r.has_position())) {
        ok = box_contains(b, *r.lat, *r.lon);
      } else if (r.bbox) {
        ok = boxes_overlap(b, *r.bbox);
      }
      if (ok) break;
    }
    if (!ok) return false;
  }
  return true;
}

bool Filter::matches_content(const Record& r) const {
  if (no_retweets_ && r.rt) return false;
  if (!langs_.empty()) {
    std::string lang = ascii_lower(r.lang);
    bool ok = false;
    for (const auto& l : langs_)
      ok |= lang == l || (lang.size() > l.size() && lang.starts_with(l) && lang[l.size()] == '-');
    if (!ok) return false;
  }
  return track_.matches(r);
}

}  // namespace tweetmap
