// kafka-pub: produce lines (files or stdin) to a Kafka topic, kcat-compatible flags, no loss.
#include <cstdlib>

#include "cli/cli_common.hpp"
#include "core/clock.hpp"
#include "kafka/client.hpp"
#include "kafka/config.hpp"
#include "kafka/producer.hpp"

using namespace tweetmap;

int main(int argc, char** argv) {
  CLI::App app{
      "Produce lines to a Kafka topic: one message per line, keyed, with every delivery "
      "confirmed.",
      "kafka-pub"};
  CommonOptions common;
  add_common_options(app, common, kafka_version_line());
  KafkaConfigSpec kspec;
  ProducerOptions opts;
  std::vector<std::string> inputs;
  std::vector<std::string> headers;
  std::string delim, field, fixed_key, codec, preset = "bulk";
  std::optional<double> linger;
  double timeout_s = 30, flush_timeout_s = 30;
  app.add_option("-b,--brokers", kspec.brokers,
                 "Bootstrap brokers host:port,... (default $KAFKA_BROKERS, else 127.0.0.1:9092)");
  app.add_option("-t,--topic", opts.topic, "Topic to produce to")
      ->required()
      ->allow_extra_args(false);
  app.add_option("-p,--partition", opts.partition, "Partition (default: by key)")
      ->check(CLI::NonNegativeNumber)
      ->allow_extra_args(false);
  auto* k1 = app.add_option("-K,--key-delimiter", delim, "Lines are KEY<DELIM>VALUE (kcat -K)");
  auto* k2 = app.add_option("--key-field", field, "Key = this top-level JSON field (e.g. id)");
  auto* k3 = app.add_option("-k,--key", fixed_key, "The same key for every message");
  k1->excludes(k2, k3);
  k2->excludes(k3);
  app.add_option("-H,--header", headers, "Add a header name=value to every message (repeatable)")
      ->allow_extra_args(false);
  app.add_option("-z,--compression", codec, "Compression: none, gzip, snappy, lz4, zstd")
      ->check(CLI::IsMember({"none", "gzip", "snappy", "lz4", "zstd"}));
  app.add_option("--preset", preset, "live (low latency) or bulk (throughput; default)")
      ->check(CLI::IsMember({"live", "bulk"}));
  app.add_option("--linger-ms", linger, "Batching delay in ms (overrides the preset)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("-X,--property", kspec.properties, "librdkafka property name=value (repeatable)")
      ->allow_extra_args(false);
  app.add_option("-F,--config-file", kspec.files, "librdkafka properties file (name=value lines)")
      ->allow_extra_args(false);
  app.add_flag("--strict", opts.strict, "Fail (exit 1) on a bad line instead of skipping it");
  app.add_option("--timeout", timeout_s,
                 "Seconds to wait for a broker and the topic at start (default 30)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--flush-timeout", flush_timeout_s,
                 "Seconds to wait for outstanding deliveries at the end (default 30)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("files", inputs, "Input files (default: stdin; - is stdin)");

  return run_tool(app, argc, argv, common, [&]() -> Status {
    if (Status st = check_topic_name(opts.topic); !st) return st;
    if (!delim.empty()) {
      auto d = unescape_delimiter(delim);
      if (!d) return d.status();
      opts.key = {KeySpec::Mode::kDelimiter, *d};
    } else if (!field.empty()) {
      opts.key = {KeySpec::Mode::kField, field};
    } else if (!fixed_key.empty()) {
      opts.key = {KeySpec::Mode::kFixed, fixed_key};
    }
    for (const auto& h : headers) {
      auto parsed = parse_header(h);
      if (!parsed) return parsed.status();
      opts.headers.push_back(*parsed);
    }
    auto cfg = KafkaConfig::resolve(kspec, std::getenv("KAFKA_BROKERS"));
    if (!cfg) return cfg.status();
    apply_producer_defaults(*cfg, preset == "live" ? ProducerPreset::kLive : ProducerPreset::kBulk,
                            linger, codec);
    opts.timeout_ms = static_cast<int64_t>(timeout_s * 1000);
    opts.flush_timeout_ms = static_cast<int64_t>(flush_timeout_s * 1000);
    opts.stats_seconds = common.stats_seconds;
    if (inputs.empty()) inputs.push_back("-");
    return run_producer(*cfg, opts, inputs, SystemClock::instance(), nullptr);
  });
}
