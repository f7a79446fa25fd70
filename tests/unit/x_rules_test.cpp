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
