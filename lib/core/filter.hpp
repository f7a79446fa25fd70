// Post filters shared by tweet-stream (options) and sse-serve (per-client query parameters).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"

namespace tweetmap {

/// A --track expression in the v1.1 syntax: comma = OR, space = AND, case-insensitive (Unicode),
/// each term matches a whole word or a hashtag of the text ("#tag" only hashtags). A term with
/// punctuation inside ("t.co", "@user", "covid-19") matches where it appears in the text between
/// word boundaries; a term in a script written without spaces (Chinese, Japanese, Thai, ...)
/// matches anywhere in the text. Immutable after parse; safe to share between threads.
class TrackExpr {
 public:
  /// Errors (kUsage): empty terms, a phrase with no term, ... named in the message.
  static Result<TrackExpr> parse(std::string_view spec);
  bool empty() const { return phrases_.empty(); }
  bool matches(const Record& r) const;
  /// Matches against a text and its (case-folded) hashtags directly.
  bool matches_text(std::string_view text, const std::vector<std::string>& tags) const;

 private:
  enum class TermKind { kWord, kHashtag, kSubstring, kUnspaced };
  struct Term {
    std::string folded;  // without the '#' for kHashtag
    TermKind kind;
  };
  std::vector<std::vector<Term>> phrases_;  // OR of ANDs
};

/// Parses "w,s,e,n[,w,s,e,n...]" boxes (south-west corner then north-east corner). Longitudes must
/// be in [-180,180], latitudes in [-90,90], south <= north; west > east is a box across the
/// antimeridian. Errors (kUsage) name the offending box and value. An empty spec gives no boxes.
Result<std::vector<BBox>> parse_boxes(std::string_view spec);

/// All filters of one consumer. Within one kind OR, across kinds AND; empty kinds match all.
struct FilterSpec {
  std::string track;               ///< --track / track=
  std::string locations;           ///< --locations / bbox=
  std::vector<std::string> langs;  ///< --lang (each may also be a comma list; "en" matches "en-GB")
  std::vector<GeoKind> geo_kinds;  ///< geo= (sse-serve)
  bool geo_only = false;           ///< --geo-only: has a position
  bool no_retweets = false;        ///< --no-retweets
};

/// A compiled FilterSpec. Immutable after make(); safe to share between threads.
class Filter {
 public:
  static Result<Filter> make(const FilterSpec& spec);
  /// True when nothing is filtered.
  bool empty() const;
  bool matches(const Record& r) const { return matches_position(r) && matches_content(r); }
  /// The filters that do not look at the position: --no-retweets, --lang, --track.
  bool matches_content(const Record& r) const;
  /// The filters that do: --geo-only, geo=, --locations (so a caller may place a post in between).
  bool matches_position(const Record& r) const;

 private:
  TrackExpr track_;
  std::vector<BBox> boxes_;
  std::vector<std::string> langs_;
  std::vector<GeoKind> geo_kinds_;
  bool geo_only_ = false;
  bool no_retweets_ = false;
};

}  // namespace tweetmap
