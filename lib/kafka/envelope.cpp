#include "kafka/envelope.hpp"

#include "core/json_write.hpp"

namespace tweetmap {

namespace {

void string_or_null(JsonWriter& w, const std::optional<std::string_view>& v) {
  if (v)
    w.string(*v);
  else
    w.null();
}

}  // namespace

void append_json_envelope(const MessageView& m, std::string& out) {
  JsonWriter w(out);
  w.begin_object().field("topic", m.topic);
  w.key("partition").integer(m.partition);
  w.key("offset").integer(m.offset);
  w.field("tstype", m.tstype);
  w.key("ts").integer(m.timestamp);
  w.key("headers");
  if (m.headers.empty()) {
    w.null();
  } else {
    w.begin_array();
    for (const auto& [name, value] : m.headers) string_or_null(w.string(name), value);
    w.end_array();
  }
  string_or_null(w.key("key"), m.key);
  string_or_null(w.key("payload"), m.payload);
  w.end_object();
  out += '\n';
}

}  // namespace tweetmap
