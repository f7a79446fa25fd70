#include "kafka/offset.hpp"

#include <doctest/doctest.h>
#include <librdkafka/rdkafka.h>

using namespace tweetmap;
using Kind = OffsetSpec::Kind;

TEST_CASE("offset spec: named positions") {
  CHECK(parse_offset_spec("beginning").value() == OffsetSpec{Kind::kBeginning, 0});
  CHECK(parse_offset_spec("end").value() == OffsetSpec{Kind::kEnd, 0});
  CHECK(parse_offset_spec("stored").value() == OffsetSpec{Kind::kStored, 0});
}

TEST_CASE("offset spec: absolute, tail and timestamp") {
  CHECK(parse_offset_spec("0").value() == OffsetSpec{Kind::kAbsolute, 0});
  CHECK(parse_offset_spec("12345").value() == OffsetSpec{Kind::kAbsolute, 12345});
  CHECK(parse_offset_spec("-10").value() == OffsetSpec{Kind::kTail, 10});
  CHECK(parse_offset_spec("@1447202107010").value() == OffsetSpec{Kind::kTimestamp, 1447202107010});
  CHECK(parse_offset_spec("s@5").value() == OffsetSpec{Kind::kTimestamp, 5});
}

TEST_CASE("offset spec: errors are usage errors quoting the text") {
  for (const char* bad : {"", "-", "-0", "@", "@x", "@-5", "12a", "begin", "1.5", "+3", "s@"}) {
    auto r = parse_offset_spec(bad);
    CAPTURE(bad);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == ErrorCode::kUsage);
    CHECK(r.status().message().find(std::string("'") + bad + "'") != std::string::npos);
  }
}

TEST_CASE("offset spec: librdkafka offsets") {
  CHECK(offset_spec_to_rdkafka({Kind::kBeginning, 0}) == RD_KAFKA_OFFSET_BEGINNING);
  CHECK(offset_spec_to_rdkafka({Kind::kEnd, 0}) == RD_KAFKA_OFFSET_END);
  CHECK(offset_spec_to_rdkafka({Kind::kAbsolute, 42}) == 42);
  CHECK(offset_spec_to_rdkafka({Kind::kTail, 7}) == RD_KAFKA_OFFSET_TAIL(7));
}
