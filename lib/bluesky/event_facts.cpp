#include "bluesky/event_facts.hpp"

#include <simdjson.h>

#include "bluesky/endpoint.hpp"
#include "core/padded_parse.hpp"

namespace tweetmap::bluesky {

namespace od = simdjson::ondemand;

std::string_view kind_name(EventKind k) {
  switch (k) {
    case EventKind::kPost:
      return "post";
    case EventKind::kRepost:
      return "repost";
    case EventKind::kDelete:
      return "delete";
    case EventKind::kUpdate:
      return "update";
    case EventKind::kIdentity:
      return "identity";
    case EventKind::kAccount:
      return "account";
    case EventKind::kOther:
      break;
  }
  return "other";
}

EventFacts event_facts(std::string_view msg) {
  EventFacts f;
  thread_local od::parser parser;
  thread_local ParsedObject parsed;
  if (!parse_object(parser, msg, parsed)) return f;
  od::object& root = parsed.root;
  std::string_view did, kind, operation, collection, rkey;
  for (auto field : root) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return f;
    od::value v;
    if (field.value().get(v)) return f;
    if (key == "did") {
      if (v.get_string().get(did)) did = {};
    } else if (key == "time_us") {
      int64_t t = 0;
      if (!v.get_int64().get(t)) f.time_us = t;
    } else if (key == "kind") {
      std::string_view k;
      if (!v.get_string().get(k)) {
        if (k == "commit") kind = "commit";
        if (k == "identity") kind = "identity";
        if (k == "account") kind = "account";
      }
    } else if (key == "commit") {
      od::object c;
      if (v.get_object().get(c)) continue;
      for (auto cf : c) {
        std::string_view ck, s;
        if (cf.unescaped_key().get(ck)) break;
        if (ck != "operation" && ck != "collection" && ck != "rkey") continue;
        if (cf.value().get_string().get(s)) continue;
        // Views into the parser's string buffer stay valid for the whole document.
        if (ck == "operation") operation = s;
        if (ck == "collection") collection = s;
        if (ck == "rkey") rkey = s;
      }
    }
  }
  if (kind == "identity") f.kind = EventKind::kIdentity;
  if (kind == "account") f.kind = EventKind::kAccount;
  if (kind != "commit") return f;
  if (operation == "delete") f.kind = EventKind::kDelete;
  if (operation == "update") f.kind = EventKind::kUpdate;
  if (operation != "create") return f;
  if (collection == kPostCollection) f.kind = EventKind::kPost;
  if (collection == kRepostCollection) f.kind = EventKind::kRepost;
  if ((f.kind == EventKind::kPost || f.kind == EventKind::kRepost) && !did.empty() && !rkey.empty())
    f.uri = "at://" + std::string(did) + "/" + std::string(collection) + "/" + std::string(rkey);
  return f;
}

}  // namespace tweetmap::bluesky
