#include "x/rules.hpp"

#include <doctest/doctest.h>

using namespace tweetmap;

TEST_CASE("x rules: --track gives one managed rule per comma phrase") {
  auto r = rules_from_track("#earthquake, #地震 ,magnitude quake", false);
  REQUIRE(r.is_ok());
  REQUIRE(r->size() == 3);
  CHECK((*r)[0] == XRule{"", "#earthquake", "tweetmap"});
  CHECK((*r)[1].value == "#地震");
  CHECK((*r)[2].value == "magnitude quake");
  auto g = rules_from_track("cats", true);
  REQUIRE(g.is_ok());
  CHECK((*g)[0].value == "cats has:geo");
  CHECK_FALSE(rules_from_track("a,,b", false).is_ok());
  auto bad = rules_from_track("\"open", false);
  REQUIRE_FALSE(bad.is_ok());
  CHECK(bad.status().code() == ErrorCode::kUsage);
}

TEST_CASE("x rules: rules file lines, tags, and errors naming the line") {
  auto r = parse_rules_text("quakes: #earthquake\n\n  lang:en cats  \nfrom:x has:geo\r\n", "f.txt",
                            false);
  REQUIRE(r.is_ok());
  REQUIRE(r->size() == 3);
  CHECK((*r)[0] == XRule{"", "#earthquake", "tweetmap:quakes"});
  CHECK((*r)[1] == XRule{"", "lang:en cats", "tweetmap"});
  CHECK((*r)[2] == XRule{"", "from:x has:geo", "tweetmap"});
  auto bad = parse_rules_text("ok\n(unbalanced\n", "rules.txt", false);
  REQUIRE_FALSE(bad.is_ok());
  CHECK(bad.status().code() == ErrorCode::kUsage);
  CHECK(bad.status().message() == "rules.txt:2: unbalanced '('");
  auto empty_tag = parse_rules_text("tag: \n", "r", false);
  REQUIRE_FALSE(empty_tag.is_ok());
  CHECK(empty_tag.status().message() == "r:1: a tag needs a rule after it");
  auto utf = parse_rules_text("ok\nbad \xff\n", "r", false);
  REQUIRE_FALSE(utf.is_ok());
  CHECK(utf.status().message() == "r:2: invalid UTF-8");
}

TEST_CASE("x rules: managed tags") {
  CHECK(is_managed_tag("tweetmap"));
  CHECK(is_managed_tag("tweetmap:quakes"));
  CHECK_FALSE(is_managed_tag("tweetmapper"));
  CHECK_FALSE(is_managed_tag("other"));
  CHECK_FALSE(is_managed_tag(""));
}

TEST_CASE("x rules: plan adds missing, deletes our stale rules, leaves others") {
  std::vector<XRule> desired = {
      {"", "#a", "tweetmap"}, {"", "#b", "tweetmap:x"}, {"", "#c", "tweetmap"}};
  std::vector<XRule> current = {{"1", "#a", "tweetmap"},
                                {"2", "#old", "tweetmap"},
                                {"3", "#theirs", "someone"},
                                {"4", "#b", "tweetmap:y"},
                                {"5", "#c", "someone"}};
  RulePlan p = plan_rules(desired, current, false);
  CHECK(p.keep == std::vector<XRule>{{"1", "#a", "tweetmap"}, {"5", "#c", "someone"}});
  CHECK(p.foreign == std::vector<XRule>{{"3", "#theirs", "someone"}});
  CHECK(p.remove == std::vector<XRule>{{"2", "#old", "tweetmap"}, {"4", "#b", "tweetmap:y"}});
  CHECK(p.add == std::vector<XRule>{{"", "#b", "tweetmap:x"}});

  RulePlan all = plan_rules(desired, current, true);
  CHECK(all.keep == std::vector<XRule>{{"1", "#a", "tweetmap"}});
  CHECK(all.foreign.empty());
  CHECK(all.remove.size() == 4);
  CHECK(all.add == std::vector<XRule>{{"", "#b", "tweetmap:x"}, {"", "#c", "tweetmap"}});

  RulePlan same = plan_rules({{"", "#a", "tweetmap"}}, {{"1", "#a", "tweetmap"}}, false);
  CHECK(same.empty());
  CHECK(describe_plan(same) ==
        "keep   \"#a\" tag=\"tweetmap\" id=1\n0 to add, 0 to delete, 1 kept, 0 of others left "
        "alone\n");
}

TEST_CASE("x rules: request bodies and responses") {
  CHECK(rules_add_body({{"", "#a \"b\"", "tweetmap"}, {"", "c", ""}}) ==
        R"({"add":[{"value":"#a \"b\"","tag":"tweetmap"},{"value":"c"}]})");
  CHECK(rules_delete_body({"1", "22"}) == R"({"delete":{"ids":["1","22"]}})");
  auto r = parse_rules_response(
      R"({"data":[{"id":"1165037377523306498","value":"dog has:images","tag":"dog pictures"},)"
      R"({"value":"cat","id":"2"}],"meta":{"sent":"2019-08-29T01:12:10.729Z","result_count":2}})");
  REQUIRE(r.is_ok());
  REQUIRE(r->size() == 2);
  CHECK((*r)[0] == XRule{"1165037377523306498", "dog has:images", "dog pictures"});
  CHECK((*r)[1] == XRule{"2", "cat", ""});
  auto none = parse_rules_response(R"({"meta":{"sent":"x","result_count":0}})");
  REQUIRE(none.is_ok());
  CHECK(none->empty());
  CHECK_FALSE(parse_rules_response("not json").is_ok());
  auto errs = parse_rules_errors(
      R"({"meta":{},"errors":[{"value":"(a","details":["x"],"title":"UnprocessableEntity","type":"t"}]})");
  CHECK(errs == std::vector<std::string>{"UnprocessableEntity: \"(a\""});
  CHECK(rule_json_line({"7", "a\"b", "t"}) ==
        "{\"id\":\"7\",\"value\":\"a\\\"b\",\"tag\":\"t\"}\n");
}

TEST_CASE("x rules: filters with a rule operator become operators") {
  RuleOperators ops;
  CHECK(rule_operator_suffix(ops).empty());
  ops.langs = {"en"};
  CHECK(rule_operator_suffix(ops) == " lang:en");
  ops.langs = {"EN,ja", "en"};
  CHECK(rule_operator_suffix(ops) == " (lang:en OR lang:ja)");
  ops.no_retweets = true;
  ops.has_geo = true;
  CHECK(rule_operator_suffix(ops) == " (lang:en OR lang:ja) -is:retweet has:geo");
  ops.langs = {"en", "x y"};  // not a code: the language stays a client-side filter only
  CHECK(rule_operator_suffix(ops) == " -is:retweet has:geo");
}

TEST_CASE("x rules: the operators apply to every alternative of a rule") {
  CHECK(with_rule_suffix("quake", " has:geo") == "quake has:geo");
  CHECK(with_rule_suffix("quake OR tsunami", " has:geo") == "(quake OR tsunami) has:geo");
  CHECK(with_rule_suffix("(a OR b) c", " -is:retweet") == "(a OR b) c -is:retweet");
  CHECK(with_rule_suffix("\"a OR b\"", " has:geo") == "\"a OR b\" has:geo");
  CHECK(with_rule_suffix("a OR b", "") == "a OR b");
}

TEST_CASE("x rules: a --locations box within 25 miles a side becomes bounding_box:") {
  // Central Berlin: about 13.6 km by 11.1 km.
  const BBox berlin{13.3, 52.47, 13.5, 52.57};
  CHECK(box_fits_bounding_box(berlin));
  CHECK(bounding_box_operator(berlin) == "bounding_box:[13.3 52.47 13.5 52.57]");
  RuleOperators ops;
  ops.boxes = {berlin};
  CHECK(rule_operator_suffix(ops) == " bounding_box:[13.3 52.47 13.5 52.57]");
  ops.boxes = {berlin, {-0.2, 51.45, -0.05, 51.55}};
  CHECK(rule_operator_suffix(ops) ==
        " (bounding_box:[13.3 52.47 13.5 52.57] OR bounding_box:[-0.2 51.45 -0.05 51.55])");
  ops.has_geo = true;  // --geo-only too: harmless, kept
  CHECK(rule_operator_suffix(ops).ends_with(") has:geo"));
}

TEST_CASE("x rules: a box over 25 miles a side stays client-side, with has:geo") {
  // 0.5 degrees of latitude is 55.6 km: too tall, whatever the width.
  CHECK_FALSE(box_fits_bounding_box({13.3, 52.2, 13.4, 52.7}));
  // 0.58 degrees of longitude: 39.7 km at 52 N fits, 64.5 km on the equator does not.
  CHECK(box_fits_bounding_box({13.0, 52.0, 13.58, 52.1}));
  CHECK_FALSE(box_fits_bounding_box({13.0, -0.05, 13.58, 0.05}));
  // The limit is the haversine length of each side, 40.2336 km: 0.3618 deg of latitude is
  // 40.23 km, 0.3620 is 40.25 km.
  CHECK(box_fits_bounding_box({10.0, 45.0, 10.1, 45.3618}));
  CHECK_FALSE(box_fits_bounding_box({10.0, 45.0, 10.1, 45.3620}));
  // Across the antimeridian, or more than half the globe wide: never pushed.
  CHECK_FALSE(box_fits_bounding_box({179.9, 10.0, -179.9, 10.1}));
  CHECK_FALSE(box_fits_bounding_box({-179.0, 89.99, 179.0, 90.0}));
  RuleOperators ops;
  ops.boxes = {{13.3, 52.47, 13.5, 52.57}, {122, 24, 154, 46}};  // one too big: none pushed
  CHECK(rule_operator_suffix(ops) == " has:geo");
  ops.no_retweets = true;
  CHECK(rule_operator_suffix(ops) == " -is:retweet has:geo");
}
