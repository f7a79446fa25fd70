#include "mastodon/event.hpp"

#include <fmt/format.h>
#include <simdjson.h>

namespace tweetmap {

MastodonEventKind classify_mastodon_event(std::string_view event) {
  if (event == "update") return MastodonEventKind::kUpdate;
  if (event == "delete") return MastodonEventKind::kDelete;
  if (event == "status.update") return MastodonEventKind::kEdit;
  return MastodonEventKind::kOther;
}

std::optional<std::string> mastodon_status_uri(std::string_view json) {
  // A DOM parse of one status (a few KB, one per update) is cheap next to the network; thread
  // local so that the parser's buffers are reused.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS) return std::nullopt;
  std::string_view uri;
  if (doc["uri"].get_string().get(uri) != simdjson::SUCCESS || uri.empty()) return std::nullopt;
  return std::string(uri);
}

std::string format_mastodon_counters(const MastodonCounters& c) {
  return fmt::format(
      "updates={} deletes={} edits={} other={} heartbeats={} oversized={} duplicates={} "
      "reconnects={}",
      c.updates, c.deletes, c.edits, c.other, c.heartbeats, c.oversized, c.duplicates,
      c.reconnects);
}

}  // namespace tweetmap
