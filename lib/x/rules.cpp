#include "x/rules.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <simdjson.h>
#include <utf8proc.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/geo.hpp"
#include "core/padded_parse.hpp"
#include "core/record.hpp"
#include "core/text.hpp"

namespace tweetmap {

namespace {

constexpr std::string_view kRulesPath = "/2/tweets/search/stream/rules";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

bool is_managed_tag(std::string_view tag) {
  return tag == kManagedTag ||
         (tag.size() > kManagedTag.size() && tag.substr(0, kManagedTag.size()) == kManagedTag &&
          tag[kManagedTag.size()] == ':');
}

std::string managed_tag(std::string_view user_tag) {
  if (user_tag.empty()) return std::string(kManagedTag);
  return fmt::format("{}:{}", kManagedTag, user_tag);
}

std::string check_rule_value(std::string_view value) {
  if (value.empty()) return "empty rule";
  size_t chars = 0;
  int depth = 0;
  bool quoted = false;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(value.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(value.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) return "invalid UTF-8";
    if (cp < 0x20 || cp == 0x7f) return "control character in rule";
    if (cp == '"') quoted = !quoted;
    if (!quoted && cp == '(') ++depth;
    if (!quoted && cp == ')' && --depth < 0) return "unbalanced ')'";
    p += n;
    left -= n;
    ++chars;
  }
  if (quoted) return "unbalanced '\"'";
  if (depth != 0) return "unbalanced '('";
  if (chars > kMaxRuleLength) return fmt::format("rule longer than {} characters", kMaxRuleLength);
  return "";
}

bool box_fits_bounding_box(const BBox& b) {
  const double w = b[0], s = b[1], e = b[2], n = b[3];
  if (!valid_box(b) || w > e || e - w >= 180) return false;
  double south = haversine_km({s, w}, {s, e});
  double north = haversine_km({n, w}, {n, e});
  double west = haversine_km({s, w}, {n, w});
  return south <= kMaxBoundingBoxSideKm && north <= kMaxBoundingBoxSideKm &&
         west <= kMaxBoundingBoxSideKm;
}

std::string bounding_box_operator(const BBox& b) {
  std::string out = "bounding_box:[";
  for (size_t i = 0; i < 4; ++i) {
    if (i) out += ' ';
    append_json_number(b[i], out);
  }
  out += ']';
  return out;
}

std::string rule_operator_suffix(const RuleOperators& ops) {
  std::vector<std::string> codes;
  bool all_ok = true;
  for (const auto& l : ops.langs) {
    for (std::string_view item : split_list(l)) {
      std::string code(trim(item));
      bool ok = code.size() >= 2 && code.size() <= 8 &&
                std::all_of(code.begin(), code.end(),
                            [](unsigned char c) { return std::isalnum(c) || c == '-'; });
      if (!ok) all_ok = false;
      std::transform(code.begin(), code.end(), code.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
    }
  }
  std::string out;
  if (all_ok && codes.size() == 1) out += " lang:" + codes[0];
  if (all_ok && codes.size() > 1) {
    out += " (";
    for (size_t i = 0; i < codes.size(); ++i) out += (i ? " OR lang:" : "lang:") + codes[i];
    out += ")";
  }
  if (ops.no_retweets) out += " -is:retweet";
  bool boxes_fit =
      !ops.boxes.empty() && std::all_of(ops.boxes.begin(), ops.boxes.end(), box_fits_bounding_box);
  if (boxes_fit && ops.boxes.size() == 1) out += " " + bounding_box_operator(ops.boxes[0]);
  if (boxes_fit && ops.boxes.size() > 1) {
    out += " (";
    for (size_t i = 0; i < ops.boxes.size(); ++i)
      out += (i ? " OR " : "") + bounding_box_operator(ops.boxes[i]);
    out += ")";
  }
  // A box too large for bounding_box: stays client-side; has:geo keeps the rest away.
  if (ops.has_geo || (!ops.boxes.empty() && !boxes_fit)) out += " has:geo";
  return out;
}

std::string with_rule_suffix(const std::string& value, const std::string& suffix) {
  if (suffix.empty()) return value;
  // A top-level OR (outside quotes and parentheses) binds looser than the appended operators.
  int depth = 0;
  bool quoted = false, top_or = false;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth == 0 && value.compare(i, 4, " OR ") == 0) top_or = true;
  }
  return (top_or ? "(" + value + ")" : value) + suffix;
}

Result<std::vector<XRule>> rules_from_track(std::string_view track, bool add_has_geo) {
  std::vector<XRule> out;
  size_t start = 0;
  int n = 0;
  while (start <= track.size()) {
    size_t comma = track.find(',', start);
    if (comma == std::string_view::npos) comma = track.size();
    std::string_view phrase = trim(track.substr(start, comma - start));
    ++n;
    if (phrase.empty()) return usage_error(fmt::format("--track: phrase {} is empty", n));
    std::string value(phrase);
    if (std::string why = check_rule_value(value); !why.empty())
      return usage_error(fmt::format("--track: phrase {} ('{}'): {}", n, value, why));
    if (add_has_geo) value += " has:geo";
    out.push_back({"", std::move(value), managed_tag("")});
    start = comma + 1;
  }
  return out;
}

Result<std::vector<XRule>> parse_rules_text(std::string_view text, std::string_view file_name,
                                            bool add_has_geo) {
  std::vector<XRule> out;
  size_t line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    line = trim(line);
    if (line.empty()) continue;
    std::string_view tag, value = line;
    size_t colon = line.find(':');
    if (colon != std::string_view::npos && colon + 1 < line.size() &&
        (line[colon + 1] == ' ' || line[colon + 1] == '\t')) {
      std::string_view t = line.substr(0, colon);
      if (t.find_first_of(" \t\"()") == std::string_view::npos) {
        tag = t;
        value = trim(line.substr(colon + 1));
      }
    }
    bool dangling_tag = colon != std::string_view::npos && colon + 1 == line.size() &&
                        line.substr(0, colon).find_first_of(" \t\"()") == std::string_view::npos;
    if (colon == 0 || dangling_tag || (!tag.empty() && value.empty()))
      return usage_error(fmt::format("{}:{}: a tag needs a rule after it", file_name, line_no));
    if (std::string why = check_rule_value(value); !why.empty())
      return usage_error(fmt::format("{}:{}: {}", file_name, line_no, why));
    if (std::string why = check_rule_value(tag); !tag.empty() && !why.empty())
      return usage_error(fmt::format("{}:{}: tag: {}", file_name, line_no, why));
    std::string v(value);
    if (add_has_geo) v += " has:geo";
    out.push_back({"", std::move(v), managed_tag(tag)});
  }
  return out;
}

Result<std::vector<XRule>> read_rules_file(const std::string& path, bool add_has_geo) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return usage_error(fmt::format("cannot read rules file {}", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_rules_text(ss.str(), path, add_has_geo);
}

RulePlan plan_rules(const std::vector<XRule>& desired, const std::vector<XRule>& current,
                    bool replace_all) {
  RulePlan plan;
  std::set<std::string> satisfied;
  for (const XRule& c : current) {
    const XRule* want = nullptr;
    for (const XRule& d : desired)
      if (d.value == c.value) {
        want = &d;
        break;
      }
    if (want && !satisfied.count(c.value) &&
        (c.tag == want->tag || (!is_managed_tag(c.tag) && !replace_all))) {
      // Already there (X refuses a duplicate value, so a foreign copy also serves).
      plan.keep.push_back(c);
      satisfied.insert(c.value);
    } else if (replace_all || is_managed_tag(c.tag) || want) {
      plan.remove.push_back(c);
    } else {
      plan.foreign.push_back(c);
    }
  }
  for (const XRule& d : desired) {
    if (satisfied.count(d.value)) continue;
    satisfied.insert(d.value);
    plan.add.push_back(d);
  }
  return plan;
}

std::string describe_plan(const RulePlan& plan) {
  std::string out;
  auto line = [&out](std::string_view verb, const XRule& r) {
    out += fmt::format("{:<7}", verb);
    append_json_string(r.value, out);
    if (!r.tag.empty()) {
      out += " tag=";
      append_json_string(r.tag, out);
    }
    if (!r.id.empty()) out += fmt::format(" id={}", r.id);
    out += '\n';
  };
  for (const auto& r : plan.keep) line("keep", r);
  for (const auto& r : plan.foreign) line("other", r);
  for (const auto& r : plan.remove) line("delete", r);
  for (const auto& r : plan.add) line("add", r);
  out += fmt::format("{} to add, {} to delete, {} kept, {} of others left alone\n", plan.add.size(),
                     plan.remove.size(), plan.keep.size(), plan.foreign.size());
  return out;
}

std::string rules_add_body(const std::vector<XRule>& rules) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("add").begin_array();
  for (const XRule& r : rules) {
    w.begin_object().field("value", r.value);
    if (!r.tag.empty()) w.field("tag", r.tag);
    w.end_object();
  }
  w.end_array().end_object();
  return out;
}

std::string rules_delete_body(const std::vector<std::string>& ids) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("delete").begin_object().key("ids").begin_array();
  for (const std::string& id : ids) w.string(id);
  w.end_array().end_object().end_object();
  return out;
}

std::string rule_json_line(const XRule& r) {
  std::string out;
  JsonWriter(out)
      .begin_object()
      .field("id", r.id)
      .field("value", r.value)
      .field("tag", r.tag)
      .end_object();
  out += '\n';
  return out;
}

namespace {

// Reads a string field of an object, or a number written as a string (ids).
std::string get_text(simdjson::ondemand::value v) {
  std::string_view s;
  if (v.get_string().get(s) == simdjson::SUCCESS) return std::string(s);
  // Not a string: keep the token as written (an id sent as a number stays exact).
  std::string_view raw = v.raw_json_token();
  return std::string(trim(raw));
}

}  // namespace

Result<std::vector<XRule>> parse_rules_response(std::string_view body) {
  simdjson::ondemand::parser parser;
  ParsedObject parsed;
  simdjson::ondemand::object& obj = parsed.root;
  if (!parse_object(parser, body, parsed))
    return parse_error("rules response is not a JSON object");
  std::vector<XRule> out;
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS)
      return parse_error("rules response: bad JSON");
    if (key != "data") continue;
    simdjson::ondemand::array arr;
    if (field.value().get_array().get(arr) != simdjson::SUCCESS)
      return parse_error("rules response: data is not an array");
    for (auto item : arr) {
      simdjson::ondemand::object ro;
      if (item.get_object().get(ro) != simdjson::SUCCESS)
        return parse_error("rules response: a rule is not an object");
      XRule r;
      for (auto rf : ro) {
        std::string_view k;
        if (rf.unescaped_key().get(k) != simdjson::SUCCESS)
          return parse_error("rules response: bad JSON");
        simdjson::ondemand::value v;
        if (rf.value().get(v) != simdjson::SUCCESS) return parse_error("rules response: bad JSON");
        if (k == "id")
          r.id = get_text(v);
        else if (k == "value")
          r.value = get_text(v);
        else if (k == "tag")
          r.tag = get_text(v);
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

std::vector<std::string> parse_rules_errors(std::string_view body) {
  std::vector<std::string> out;
  simdjson::ondemand::parser parser;
  ParsedObject parsed;
  simdjson::ondemand::object& obj = parsed.root;
  if (!parse_object(parser, body, parsed)) return out;
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) break;
    if (key != "errors") continue;
    simdjson::ondemand::array arr;
    if (field.value().get_array().get(arr) != simdjson::SUCCESS) break;
    for (auto item : arr) {
      simdjson::ondemand::object eo;
      if (item.get_object().get(eo) != simdjson::SUCCESS) continue;
      std::string title, value, detail, id;
      for (auto ef : eo) {
        std::string_view k;
        if (ef.unescaped_key().get(k) != simdjson::SUCCESS) break;
        simdjson::ondemand::value v;
        if (ef.value().get(v) != simdjson::SUCCESS) break;
        if (k == "title")
          title = get_text(v);
        else if (k == "value")
          value = get_text(v);
        else if (k == "detail" || k == "message")
          detail = get_text(v);
        else if (k == "id")
          id = get_text(v);
      }
      std::string line = title.empty() ? "error" : title;
      if (!value.empty()) {
        line += ": ";
        append_json_string(value, line);
      }
      if (!id.empty()) line += " id=" + id;
      if (!detail.empty()) line += " (" + detail + ")";
      out.push_back(std::move(line));
    }
  }
  return out;
}

Result<std::vector<XRule>> list_rules(const XApiConfig& api) {
  auto r = x_request(api, "GET", kRulesPath);
  if (!r) return r.status();
  if (r->status != 200) return http_error_status(*r, "listing rules");
  return parse_rules_response(r->body);
}

Result<std::vector<XRule>> add_rules(const XApiConfig& api, const std::vector<XRule>& rules,
                                     bool dry_run) {
  if (rules.empty()) return std::vector<XRule>{};
  std::string path(kRulesPath);
  if (dry_run) path += "?dry_run=true";
  auto r = x_request(api, "POST", path, rules_add_body(rules));
  if (!r) return r.status();
  if (r->status == 400 || r->status == 422) {
    auto errs = parse_rules_errors(r->body);
    if (!errs.empty())
      return usage_error(fmt::format("X rejected the rules: {}", fmt::join(errs, "; ")));
  }
  if (r->status != 200 && r->status != 201) return http_error_status(*r, "adding rules");
  auto errs = parse_rules_errors(r->body);
  if (!errs.empty())
    return usage_error(fmt::format("X rejected {}: {}", errs.size() == 1 ? "a rule" : "rules",
                                   fmt::join(errs, "; ")));
  return parse_rules_response(r->body);
}

Status delete_rules(const XApiConfig& api, const std::vector<std::string>& ids) {
  if (ids.empty()) return Status::ok();
  auto r = x_request(api, "POST", kRulesPath, rules_delete_body(ids));
  if (!r) return r.status();
  if (r->status != 200) return http_error_status(*r, "deleting rules");
  auto errs = parse_rules_errors(r->body);
  if (!errs.empty())
    return network_error(fmt::format("deleting rules failed: {}", fmt::join(errs, "; ")));
  return Status::ok();
}

Result<RulePlan> sync_rules(const XApiConfig& api, const std::vector<XRule>& desired,
                            bool replace_all, bool dry_run) {
  auto current = list_rules(api);
  if (!current) return current.status();
  RulePlan plan = plan_rules(desired, *current, replace_all);
  if (dry_run) return plan;
  // Add before deleting, so a rejected rule leaves the old set in place; only rules whose value
  // is re-added under another tag must go first (X refuses duplicate values).
  std::vector<std::string> first, later;
  for (const auto& r : plan.remove) {
    bool readded = std::any_of(plan.add.begin(), plan.add.end(),
                               [&](const XRule& a) { return a.value == r.value; });
    (readded ? first : later).push_back(r.id);
  }
  if (Status st = delete_rules(api, first); !st) return st;
  auto added = add_rules(api, plan.add);
  if (!added) return added.status();
  if (Status st = delete_rules(api, later); !st) return st;
  if (!added->empty()) plan.add = std::move(*added);
  return plan;
}

}  // namespace tweetmap
