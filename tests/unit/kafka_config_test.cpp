#include "kafka/config.hpp"

#include <doctest/doctest.h>
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

using namespace tweetmap;

TEST_CASE("config: broker precedence -b > -X > env > default") {
  KafkaConfigSpec spec;
  CHECK(KafkaConfig::resolve(spec, nullptr)->brokers() == "127.0.0.1:9092");
  CHECK(KafkaConfig::resolve(spec, "env:1")->brokers() == "env:1");
  spec.properties = {"metadata.broker.list=x:2"};
  CHECK(KafkaConfig::resolve(spec, "env:1")->brokers() == "x:2");
  spec.brokers = "b:3";
  CHECK(KafkaConfig::resolve(spec, "env:1")->brokers() == "b:3");
}

TEST_CASE("config: defaults yield to the user, -X after -F") {
  char path[] = "/tmp/kafka_config_testXXXXXX";
  int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  ::close(fd);
  {
    std::ofstream f(path);
    f << "# comment\n\nlinger.ms = 7\nsasl.password=s3cret\nacks=1\n";
  }
  KafkaConfigSpec spec;
  spec.files = {path};
  spec.properties = {"acks=all"};
  auto cfg = KafkaConfig::resolve(spec, nullptr);
  std::remove(path);
  REQUIRE(cfg.is_ok());
  cfg->set_default("linger.ms", "50");
  cfg->set_default("enable.idempotence", "true");
  CHECK(*cfg->get("linger.ms") == "7");
  CHECK(*cfg->get("acks") == "all");
  CHECK(*cfg->get("enable.idempotence") == "true");
  CHECK(cfg->user_set("linger.ms"));
  CHECK_FALSE(cfg->user_set("enable.idempotence"));
  // Secrets never appear in descriptions.
  CHECK(cfg->describe().find("s3cret") == std::string::npos);
  CHECK(cfg->describe().find("sasl.password=***") != std::string::npos);
}

TEST_CASE("config: unknown property is a usage error naming it") {
  KafkaConfigSpec spec;
  spec.properties = {"no.such.property=1"};
  auto cfg = KafkaConfig::resolve(spec, nullptr);
  REQUIRE(cfg.is_ok());
  auto conf = cfg->build();
  REQUIRE_FALSE(conf.is_ok());
  CHECK(conf.status().code() == ErrorCode::kUsage);
  CHECK(conf.status().message().find("no.such.property") != std::string::npos);
}

TEST_CASE("config: invalid secret values are not echoed") {
  KafkaConfigSpec spec;
  spec.properties = {"linger.ms=abc"};
  auto conf = KafkaConfig::resolve(spec, nullptr)->build();
  REQUIRE_FALSE(conf.is_ok());
  CHECK(conf.status().message().find("linger.ms") != std::string::npos);
  CHECK(KafkaConfig::is_secret("sasl.password"));
  CHECK(KafkaConfig::is_secret("ssl.key.password"));
  CHECK_FALSE(KafkaConfig::is_secret("sasl.username"));
}

TEST_CASE("config: malformed -X and missing -F") {
  KafkaConfigSpec spec;
  spec.properties = {"acks"};
  CHECK(KafkaConfig::resolve(spec, nullptr).status().code() == ErrorCode::kUsage);
  spec.properties = {"=1"};
  CHECK(KafkaConfig::resolve(spec, nullptr).status().code() == ErrorCode::kUsage);
  spec.properties.clear();
  spec.files = {"/nonexistent/kafka.properties"};
  auto r = KafkaConfig::resolve(spec, nullptr);
  CHECK(r.status().code() == ErrorCode::kUsage);
  CHECK(r.status().message().find("/nonexistent/kafka.properties") != std::string::npos);
}

TEST_CASE("config: a valid configuration builds") {
  KafkaConfigSpec spec;
  spec.properties = {"linger.ms=5", "compression.codec=lz4"};
  auto conf = KafkaConfig::resolve(spec, nullptr)->build();
  REQUIRE(conf.is_ok());
  rd_kafka_conf_destroy(*conf);
}

TEST_CASE("kafka config: topic names as Kafka allows them") {
  for (std::string_view ok : {"tweets", "a.b_c-D9", "x"}) CHECK(check_topic_name(ok).is_ok());
  CHECK(check_topic_name(std::string(249, 't')).is_ok());
  for (std::string_view bad : {"", ".", "..", "a b", "a/b", "tw\u00e9ets"}) {
    CAPTURE(bad);
    CHECK(check_topic_name(bad).code() == ErrorCode::kUsage);
  }
  Status nl = check_topic_name("a\nb");
  CHECK(nl.code() == ErrorCode::kUsage);
  CHECK(nl.message().find('\n') == std::string::npos);
  CHECK(nl.message().find("a\\x0ab") != std::string::npos);
  Status huge = check_topic_name(std::string(100000, 'x'));
  CHECK(huge.code() == ErrorCode::kUsage);
  CHECK(huge.message().size() < 300);
  CHECK(check_topic_name(std::string(250, 't')).code() == ErrorCode::kUsage);
}
