#include "kafka/envelope.hpp"

#include <fmt/format.h>

#include <iterator>

#include "core/record.hpp"

namespace tweetmap {

void append_json_envelope(const MessageView& m, std::string& out) {
  out += "{\"topic\":";
  append_json_string(m.topic, out);
  fmt::format_to(std::back_inserter(out),
                 ",\"partition\":{},\"offset\":{},\"tstype\":\"{}\",\"ts\":{}", m.partition,
                 m.offset, m.tstype, m.timestamp);
  out += ",\"headers\":";
  if (m.headers.empty()) {
    out += "null";
  } else {
    out += '[';
    bool first = true;
    for (const auto& [name, value] : m.headers) {
      if (!first) out += ',';
      first = false;
      append_json_string(name, out);
      out += ',';
      if (value)
        append_json_string(*value, out);
      else
        out += "null";
    }
    out += ']';
  }
  out += ",\"key\":";
  if (m.key)
    append_json_string(*m.key, out);
  else
    out += "null";
  out += ",\"payload\":";
  if (m.payload)
    append_json_string(*m.payload, out);
  else
    out += "null";
  out += "}\n";
}

}  // namespace tweetmap
