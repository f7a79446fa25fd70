// The consumer's pure parts, and the producer's accounting on librdkafka's in-process mock
// cluster (the real broker is exercised by tests/integration/kafka_test.sh).
#include "kafka/consumer.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "kafka/producer.hpp"

using namespace tweetmap;

TEST_CASE("envelope: kcat -J shape, escaping, nulls") {
  MessageView m;
  m.topic = "tweets";
  m.partition = 2;
  m.offset = 42;
  m.timestamp = 1447202107010;
  m.tstype = "create";
  m.key = "k\"1";
  m.payload = "{\"id\":\"1\"}";
  m.headers = {{"a", "1"}, {"b", std::nullopt}};
  std::string out;
  append_json_envelope(m, out);
  CHECK(out ==
        "{\"topic\":\"tweets\",\"partition\":2,\"offset\":42,\"tstype\":\"create\","
        "\"ts\":1447202107010,\"headers\":[\"a\",\"1\",\"b\",null],\"key\":\"k\\\"1\","
        "\"payload\":\"{\\\"id\\\":\\\"1\\\"}\"}\n");
  MessageView bare;
  bare.topic = "t";
  bare.tstype = "unknown";
  out.clear();
  append_json_envelope(bare, out);
  CHECK(out.find("\"headers\":null,\"key\":null,\"payload\":null}") != std::string::npos);
}

TEST_CASE("consumer options: conflicting combinations are usage errors") {
  ConsumerOptions o;
  CHECK(validate_consumer_options(o).code() == ErrorCode::kUsage);
  o.topics = {"t"};
  CHECK(validate_consumer_options(o).is_ok());
  o.offset = OffsetSpec{OffsetSpec::Kind::kStored, 0};
  CHECK(validate_consumer_options(o).code() == ErrorCode::kUsage);
  o.group = "g";
  CHECK(validate_consumer_options(o).is_ok());
  o.partitions = {0};
  CHECK(validate_consumer_options(o).code() == ErrorCode::kUsage);
}

TEST_CASE("producer header parsing") {
  CHECK(parse_header("a=b=c").value() == Header{"a", "b=c"});
  CHECK(parse_header("flag").value() == Header{"flag", ""});
  CHECK_FALSE(parse_header("=v").is_ok());
}

TEST_CASE("mock cluster: every line delivered or counted as skipped") {
  char in_path[] = "/tmp/kafka_mock_inXXXXXX";
  int in_fd = ::mkstemp(in_path);
  REQUIRE(in_fd >= 0);
  ::close(in_fd);
  {
    std::ofstream f(in_path);
    for (int i = 0; i < 200; ++i) f << "{\"id\":\"" << i << "\"}\n";
    f << "\n";           // an empty line: skipped and counted
    f << "{\"x\":1}\n";  // no key field: skipped and counted
  }
  KafkaConfigSpec spec;
  spec.properties = {"test.mock.num.brokers=1"};
  auto cfg = KafkaConfig::resolve(spec, nullptr);
  REQUIRE(cfg.is_ok());
  apply_producer_defaults(*cfg, ProducerPreset::kLive, std::nullopt, "");
  ProducerOptions opts;
  opts.topic = "mock";
  opts.key = {KeySpec::Mode::kField, "id"};
  opts.timeout_ms = 5000;
  ProducerCounters pc;
  Status st = run_producer(*cfg, opts, {in_path}, SystemClock::instance(), &pc);
  CHECK(st.is_ok());
  CHECK(pc.lines == 202);
  CHECK(pc.produced == 200);
  CHECK(pc.delivered == 200);
  CHECK(pc.failed == 0);
  CHECK(pc.empty == 1);
  CHECK(pc.missing_key == 1);

  opts.strict = true;  // the same input fails under --strict
  st = run_producer(*cfg, opts, {in_path}, SystemClock::instance(), &pc);
  CHECK(st.code() == ErrorCode::kParse);
  CHECK(st.message().find(":201: empty line") != std::string::npos);
  std::remove(in_path);
}
