// kafka-pub's pure parts: the batch handed to rd_kafka_produce_batch and the producer defaults.
#include "kafka/producer.hpp"

#include <doctest/doctest.h>

#include <string>

#include "kafka/message_batch.hpp"

using namespace tweetmap;

namespace {

std::string key_of(const rd_kafka_message_t& m) {
  return m.key ? std::string(static_cast<const char*>(m.key), m.key_len) : "<none>";
}

}  // namespace

TEST_CASE("message batch: payloads and keys inside the line stay in place") {
  MessageBatch batch(4);
  std::string line = "k1\tvalue one";
  int chunk = 0;
  batch.add(line, std::string_view(line).substr(0, 2), true, std::string_view(line).substr(3),
            &chunk, 7);
  REQUIRE(batch.size() == 1);
  rd_kafka_message_t* m = batch.messages();
  CHECK(m[0].payload == line.data() + 3);
  CHECK(m[0].len == line.size() - 3);
  CHECK(m[0].key == line.data());
  CHECK(m[0].key_len == 2);
  CHECK(m[0]._private == &chunk);
  CHECK(batch.line_number(0) == 7);
}

TEST_CASE("message batch: a key from elsewhere is copied and outlives its buffer") {
  MessageBatch batch(8);
  std::string line = R"({"id":"a\u0062"})";
  std::string buffer;  // stands for the extractor's buffer, reused by every line
  for (int i = 0; i < 5; ++i) {
    buffer = "key" + std::to_string(i);
    batch.add(line, buffer, true, line, nullptr, static_cast<uint64_t>(i + 1));
  }
  buffer = "overwritten";
  rd_kafka_message_t* m = batch.messages();
  for (int i = 0; i < 5; ++i) {
    CHECK(key_of(m[i]) == "key" + std::to_string(i));
    CHECK(m[i].key != buffer.data());
    CHECK(m[i].payload == line.data());
  }
}

TEST_CASE("message batch: no key, an empty key, full and clear") {
  MessageBatch batch(3);
  std::string line = "v";
  std::string empty;
  batch.add(line, {}, false, line, nullptr, 1);
  batch.add(line, empty, true, line, nullptr, 2);
  CHECK_FALSE(batch.full());
  batch.add(line, line, true, line, nullptr, 3);
  CHECK(batch.full());
  rd_kafka_message_t* m = batch.messages();
  CHECK(m[0].key == nullptr);
  CHECK(m[0].key_len == 0);
  CHECK(m[1].key != nullptr);  // a key, of length 0: not the same as none
  CHECK(m[1].key_len == 0);
  CHECK(key_of(m[2]) == "v");
  batch.clear();
  CHECK(batch.empty());
  CHECK_FALSE(batch.full());
  batch.add(line, "x", true, line, nullptr, 9);
  CHECK(key_of(batch.messages()[0]) == "x");
  CHECK(batch.line_number(0) == 9);
}

TEST_CASE("producer defaults: presets, the user's -X, and --linger-ms / -z over -X") {
  auto resolve = [](std::vector<std::string> props) {
    KafkaConfigSpec spec;
    spec.properties = std::move(props);
    auto cfg = KafkaConfig::resolve(spec, nullptr);
    REQUIRE(cfg.is_ok());
    return std::move(cfg).value();
  };
  KafkaConfig live = resolve({});
  apply_producer_defaults(live, ProducerPreset::kLive, std::nullopt, "");
  CHECK(*live.get("enable.idempotence") == "true");
  CHECK(*live.get("acks") == "all");
  CHECK(*live.get("linger.ms") == "1");
  CHECK(*live.get("socket.nagle.disable") == "true");
  CHECK(live.get("compression.codec") == nullptr);

  KafkaConfig bulk = resolve({"acks=1", "linger.ms=5"});
  apply_producer_defaults(bulk, ProducerPreset::kBulk, std::nullopt, "");
  CHECK(*bulk.get("acks") == "1");
  CHECK(*bulk.get("linger.ms") == "5");
  CHECK(*bulk.get("batch.num.messages") == "100000");

  KafkaConfig flags = resolve({"linger.ms=5", "compression.codec=gzip"});
  apply_producer_defaults(flags, ProducerPreset::kLive, 2.5, "zstd");
  CHECK(*flags.get("linger.ms") == "2.5");
  CHECK(*flags.get("compression.codec") == "zstd");
}
