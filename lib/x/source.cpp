#include "x/source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/log.hpp"

namespace tweetmap {

Result<std::vector<XRule>> desired_rules(const XSourceOptions& o) {
  std::vector<XRule> out;
  if (!o.track.empty()) {
    auto t = rules_from_track(o.track, false);
    if (!t) return t.status();
    out = std::move(*t);
  }
  if (!o.rules_file.empty()) {
    auto f = read_rules_file(o.rules_file, false);
    if (!f) return f.status();
    out.insert(out.end(), f->begin(), f->end());
  }
  std::string suffix = rule_operator_suffix(o.ops);
  for (auto& r : out) {
    r.value = with_rule_suffix(r.value, suffix);
    if (std::string why = check_rule_value(r.value); !why.empty())
      return usage_error(
          fmt::format("rule '{}' (with the operators of the filters): {}", r.value, why));
  }
  return out;
}

Result<XApiConfig> make_api_config(const std::string& api_base, const std::string& token_file) {
  XApiConfig api;
  auto base = normalize_api_base(api_base);
  if (!base) return base.status();
  api.api_base = std::move(*base);
  auto token = load_bearer_token(token_file);
  if (!token) return token.status();
  api.bearer_token = std::move(*token);
  return api;
}

Status run_x_source(const XSourceOptions& o, StreamSink& sink, std::string& plan_out) {
  auto desired = desired_rules(o);
  if (!desired) return desired.status();
  auto scale = time_scale_from_env();
  if (!scale) return scale.status();
  auto api = make_api_config(o.api_base, o.bearer_token_file);
  if (!api) return api.status();

  std::optional<ReadBudget> budget;
  if (!o.max_reads.empty()) {
    auto spec = parse_budget_spec(o.max_reads);
    if (!spec) return spec.status();
    if (!o.dry_run) {
      auto b = ReadBudget::open(o.budget_file.empty() ? default_budget_path() : o.budget_file,
                                *spec, SystemClock::instance());
      if (!b) return b.status();
      budget.emplace(std::move(*b));
      auto ready = budget->ready();
      if (!ready) return ready.status();
      if (!*ready) return budget_spent_error(budget->spent_message());
      log_info("read budget {}: {} used, {} left ({})", describe_budget(*spec), budget->used(),
               budget->left(), budget->path());
    }
  }

  bool sync = !desired->empty() || o.replace_rules;
  if (o.dry_run && !sync)
    return usage_error(
        "--dry-run shows a rule sync: give --track, --rules-file or --replace-rules");
  if (sync) {
    auto plan = sync_rules(*api, *desired, o.replace_rules, o.dry_run);
    if (!plan) return plan.status();
    if (o.dry_run) {
      // Let X validate the new rules too, without changing anything.
      auto checked = add_rules(*api, plan->add, true);
      if (!checked) return checked.status();
      plan_out = describe_plan(*plan);
      return Status::ok();
    }
    if (!plan->empty())
      log_notice("rules: {} added, {} deleted, {} kept", plan->add.size(), plan->remove.size(),
                 plan->keep.size());
    for (const auto& r : plan->foreign)
      log_info("rules: leaving {} (tag '{}') in place; --replace-rules deletes it", r.value, r.tag);
  }

  XStreamOptions so;
  so.api = *api;
  so.limits.max_retries = o.max_retries;
  so.limits.max_delay_ms = static_cast<int64_t>(std::llround(o.max_backoff_s * 1000));
  so.time_scale = *scale;
  so.http2 = !o.http1;
  so.budget = budget ? &*budget : nullptr;
  Status st = run_x_stream(so, sink);
  if (budget) {
    // Give back the reads reserved but not used, so the next run may use them.
    if (Status r = budget->release(); !r && st.is_ok()) return r;
  }
  return st;
}

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Status run_rules_command(const std::string& verb, const std::vector<std::string>& args,
                         const std::string& tag, bool managed_only, bool dry_run,
                         const XApiConfig& api, std::string& out) {
  if (verb == "list") {
    auto rules = list_rules(api);
    if (!rules) return rules.status();
    for (const auto& r : *rules)
      if (!managed_only || is_managed_tag(r.tag)) out += rule_json_line(r);
    return Status::ok();
  }
  if (verb == "add") {
    if (args.empty()) return usage_error("rules add: give at least one RULE");
    std::vector<XRule> rules;
    for (const auto& v : args) {
      if (std::string why = check_rule_value(v); !why.empty())
        return usage_error(fmt::format("rules add: '{}': {}", v, why));
      rules.push_back({"", v, tag});
    }
    auto added = add_rules(api, rules, dry_run);
    if (!added) return added.status();
    for (const auto& r : *added) out += rule_json_line(r);
    return Status::ok();
  }
  if (verb == "delete" || verb == "clear") {
    if (verb == "delete" && args.empty())
      return usage_error("rules delete: give IDs or rule values");
    if (verb == "clear" && !args.empty()) return usage_error("rules clear takes no arguments");
    auto rules = list_rules(api);
    if (!rules) return rules.status();
    std::vector<XRule> doomed;
    if (verb == "clear") {
      for (const auto& r : *rules)
        if (!managed_only || is_managed_tag(r.tag)) doomed.push_back(r);
    } else {
      for (const auto& a : args) {
        auto it = std::find_if(rules->begin(), rules->end(), [&](const XRule& r) {
          return r.value == a || (all_digits(a) && r.id == a);
        });
        if (it == rules->end())
          return io_error(fmt::format("rules delete: no rule with id or value '{}'", a));
        doomed.push_back(*it);
      }
    }
    std::vector<std::string> ids;
    for (const auto& r : doomed) {
      ids.push_back(r.id);
      out += rule_json_line(r);
    }
    if (!dry_run) {
      if (Status st = delete_rules(api, ids); !st) return st;
    }
    log_notice("rules: {} {} {}", dry_run ? "would delete" : "deleted", ids.size(),
               ids.size() == 1 ? "rule" : "rules");
    return Status::ok();
  }
  return usage_error(fmt::format("rules: unknown command '{}' (list, add, delete, clear)", verb));
}

}  // namespace tweetmap
