#include "kafka/offset.hpp"

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>

#include <charconv>

namespace tweetmap {
namespace {

bool parse_non_negative(std::string_view s, int64_t& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out >= 0;
}

}  // namespace

Result<OffsetSpec> parse_offset_spec(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return usage_error(fmt::format(
        "-o '{}': {} (expected beginning, end, stored, N, -N or @TIMESTAMP_MS)", text, why));
  };
  if (text == "beginning") return OffsetSpec{OffsetSpec::Kind::kBeginning, 0};
  if (text == "end") return OffsetSpec{OffsetSpec::Kind::kEnd, 0};
  if (text == "stored") return OffsetSpec{OffsetSpec::Kind::kStored, 0};
  std::string_view ts;
  if (text.starts_with("s@"))
    ts = text.substr(2);
  else if (text.starts_with("@"))
    ts = text.substr(1);
  if (ts.data() != nullptr) {
    int64_t v;
    if (!parse_non_negative(ts, v)) return bad("bad timestamp");
    return OffsetSpec{OffsetSpec::Kind::kTimestamp, v};
  }
  if (text.starts_with("-")) {
    int64_t v;
    if (!parse_non_negative(text.substr(1), v) || v == 0) return bad("bad relative offset");
    return OffsetSpec{OffsetSpec::Kind::kTail, v};
  }
  int64_t v;
  if (!parse_non_negative(text, v)) return bad("not an offset");
  return OffsetSpec{OffsetSpec::Kind::kAbsolute, v};
}

int64_t offset_spec_to_rdkafka(const OffsetSpec& spec) {
  switch (spec.kind) {
    case OffsetSpec::Kind::kBeginning:
      return RD_KAFKA_OFFSET_BEGINNING;
    case OffsetSpec::Kind::kEnd:
      return RD_KAFKA_OFFSET_END;
    case OffsetSpec::Kind::kAbsolute:
      return spec.value;
    case OffsetSpec::Kind::kTail:
      return RD_KAFKA_OFFSET_TAIL(spec.value);
    case OffsetSpec::Kind::kStored:
    case OffsetSpec::Kind::kTimestamp:
      break;
  }
  return RD_KAFKA_OFFSET_STORED;
}

}  // namespace tweetmap
