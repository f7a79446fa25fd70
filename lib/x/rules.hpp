// Filtered-stream rules: parsing --track / --rules-file, planning a sync, and the rules API.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"
#include "core/status.hpp"
#include "x/api.hpp"

namespace tweetmap {

/// One filtered-stream rule. `id` is empty for a rule not yet on the server.
struct XRule {
  std::string id;
  std::string value;
  std::string tag;
  bool operator==(const XRule&) const = default;
};

/// Rules this tool adds carry this tag ("tweetmap") or a tag starting with "tweetmap:".
inline constexpr std::string_view kManagedTag = "tweetmap";
/// True for a tag of a rule added by this tool.
bool is_managed_tag(std::string_view tag);
/// The tag this tool gives a rule: "tweetmap" or "tweetmap:<user tag>".
std::string managed_tag(std::string_view user_tag);

/// Longest rule X accepts (characters) on the largest plan; longer ones are refused early.
inline constexpr size_t kMaxRuleLength = 4096;

/// Checks one rule value: not empty, valid UTF-8 without control characters, balanced quotes and
/// parentheses, at most kMaxRuleLength. Returns an empty string when fine, else the reason.
std::string check_rule_value(std::string_view value);

/// Turns `--track` (v1.1 syntax: comma = OR, space = AND) into one rule per comma-separated
/// phrase. With `add_has_geo` each rule gets " has:geo" (for --locations). Tags are managed.
Result<std::vector<XRule>> rules_from_track(std::string_view track, bool add_has_geo);

/// Parses a rules file's text: one rule per line, optionally "TAG: RULE" (a colon and a space
/// after a tag without spaces, quotes or parentheses; operators such as "lang:en" have no space
/// after the colon and are never read as tags). Blank lines are ignored. A bad line is a kUsage
/// error "FILE:LINE: reason". Tags are managed; `add_has_geo` as for rules_from_track.
Result<std::vector<XRule>> parse_rules_text(std::string_view text, std::string_view file_name,
                                            bool add_has_geo);
/// Reads and parses a rules file (see parse_rules_text).
Result<std::vector<XRule>> read_rules_file(const std::string& path, bool add_has_geo);

/// The client-side filters that have a server-side rule operator, pushed to X so that posts
/// the client would throw away are not delivered (and billed).
struct RuleOperators {
  std::vector<std::string> langs;  ///< --lang codes (comma lists allowed): "lang:xx"
  bool no_retweets = false;        ///< --no-retweets: "-is:retweet"
  bool has_geo = false;            ///< --geo-only: "has:geo"
  /// --locations boxes: "bounding_box:[w s e n]" when every box fits X's limit
  /// (box_fits_bounding_box), else "has:geo" (the boxes stay client-side only).
  std::vector<BBox> boxes;
};

/// X's limit on a bounding_box: operator, 25 miles a side, in km.
inline constexpr double kMaxBoundingBoxSideKm = 25 * 1.609344;

/// True when `b` can be a bounding_box: operator: it does not cross the antimeridian, spans less
/// than 180 degrees of longitude, and each side (the haversine distance between its corners:
/// the south, north and west edges) is at most kMaxBoundingBoxSideKm.
bool box_fits_bounding_box(const BBox& b);

/// "bounding_box:[w s e n]" for one box (numbers in shortest round-trip form).
std::string bounding_box_operator(const BBox& b);

/// The text appended to every rule for `ops` (" lang:en -is:retweet has:geo", several
/// languages as " (lang:en OR lang:ja)", boxes as " bounding_box:[...]" or, several, as
/// " (bounding_box:[...] OR bounding_box:[...])"); empty when nothing applies. A language code that
/// is not 2 to 8 letters/digits/hyphens is not pushed (it stays a client-side filter only).
std::string rule_operator_suffix(const RuleOperators& ops);

/// `value` with `suffix` appended, parenthesized first when it has a top-level OR (so the
/// operators apply to every alternative).
std::string with_rule_suffix(const std::string& value, const std::string& suffix);

/// What a sync would do.
struct RulePlan {
  std::vector<XRule> keep;     ///< wanted and already there
  std::vector<XRule> foreign;  ///< on the server, not ours, left alone
  std::vector<XRule> add;      ///< to add
  std::vector<XRule> remove;   ///< to delete (stale rules of ours, or all others with replace)
  bool empty() const { return add.empty() && remove.empty(); }
};

/// Plans a sync of `desired` against the server's `current` rules. Rules are matched by value;
/// a wanted value present under another managed tag is deleted and added again; rules of others
/// are kept unless `replace_all`.
RulePlan plan_rules(const std::vector<XRule>& desired, const std::vector<XRule>& current,
                    bool replace_all);

/// The plan as text, one line per rule: "keep|add|delete|other  VALUE  (tag: T, id: N)".
std::string describe_plan(const RulePlan& plan);

/// JSON request bodies for POST /2/tweets/search/stream/rules.
std::string rules_add_body(const std::vector<XRule>& rules);
std::string rules_delete_body(const std::vector<std::string>& ids);

/// Parses a rules response's `data` array (GET or POST). Unknown fields are ignored.
Result<std::vector<XRule>> parse_rules_response(std::string_view body);
/// Error lines from a POST response's `errors` array ("DuplicateRule: #a (...)").
std::vector<std::string> parse_rules_errors(std::string_view body);

/// One rule as a JSON line (with '\n'): {"id":"..","value":"..","tag":".."}.
std::string rule_json_line(const XRule& r);

/// GET /2/tweets/search/stream/rules.
Result<std::vector<XRule>> list_rules(const XApiConfig& api);
/// POST add; returns the created rules with their ids. With `dry_run` X only validates them.
/// Rules X rejects make a kUsage error naming each one.
Result<std::vector<XRule>> add_rules(const XApiConfig& api, const std::vector<XRule>& rules,
                                     bool dry_run = false);
/// POST delete by ids.
Status delete_rules(const XApiConfig& api, const std::vector<std::string>& ids);

/// Lists the server's rules, plans, and (unless `dry_run`) applies the plan: rules re-added under
/// a new tag are deleted first, then the additions, then the other deletions (so a rule X rejects
/// leaves the old set in place). Returns the plan (additions with their new ids).
Result<RulePlan> sync_rules(const XApiConfig& api, const std::vector<XRule>& desired,
                            bool replace_all, bool dry_run);

}  // namespace tweetmap
