// kafka-sub -J: one consumed message as a JSON envelope line (kcat -J's shape).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tweetmap {

/// One consumed message, as -J shows it.
struct MessageView {
  std::string_view topic;
  int32_t partition = 0;
  int64_t offset = 0;
  int64_t timestamp = -1;   ///< ms since the epoch, -1 when unknown
  std::string_view tstype;  ///< "create", "logappend" or "unknown"
  std::optional<std::string_view> key;
  std::optional<std::string_view> payload;
  std::vector<std::pair<std::string_view, std::optional<std::string_view>>> headers;
};

/// Appends the -J envelope line (with '\n'): {"topic":..,"partition":..,"offset":..,
/// "tstype":..,"ts":..,"headers":[name,value,...]|null,"key":..|null,"payload":..|null}
/// (kcat -J's shape). Strings are JSON-escaped; invalid UTF-8 becomes U+FFFD.
void append_json_envelope(const MessageView& m, std::string& out);

}  // namespace tweetmap
