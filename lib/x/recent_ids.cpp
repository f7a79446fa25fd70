#include "x/recent_ids.hpp"

#include <simdjson.h>

#include "core/padded_parse.hpp"

namespace tweetmap {

std::optional<std::string> stream_post_id(std::string_view line) {
  if (line.find("\"data\"") == std::string_view::npos) return std::nullopt;
  thread_local simdjson::ondemand::parser parser;
  thread_local ParsedObject parsed;
  if (!parse_object(parser, line, parsed)) return std::nullopt;
  simdjson::ondemand::object& root = parsed.root;
  simdjson::ondemand::value data;
  if (root.find_field_unordered("data").get(data)) return std::nullopt;
  simdjson::ondemand::object obj;
  if (data.get_object().get(obj)) return std::nullopt;  // a page (array) has no single id
  std::string_view id;
  if (obj.find_field_unordered("id").get_string().get(id) || id.empty()) return std::nullopt;
  return std::string(id);
}

bool RecentIds::seen(const std::string& id) {
  if (set_.count(id)) return true;
  if (order_.size() >= capacity_) {
    set_.erase(order_.front());
    order_.pop_front();
  }
  set_.insert(id);
  order_.push_back(id);
  return false;
}

}  // namespace tweetmap
