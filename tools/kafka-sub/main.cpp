// kafka-sub: consume Kafka topics to stdout, one line per message, at-least-once.
#include <cstdlib>

#include "cli/cli_common.hpp"
#include "core/clock.hpp"
#include "core/line_io.hpp"
#include "kafka/client.hpp"
#include "kafka/config.hpp"
#include "kafka/consumer.hpp"
#include "kafka/key.hpp"
#include "kafka/offset.hpp"

using namespace tweetmap;

int main(int argc, char** argv) {
  CLI::App app{
      "Consume Kafka topics to stdout, one line per message; with -G offsets are "
      "committed only after the line is written.",
      "kafka-sub"};
  CommonOptions common;
  add_common_options(app, common, kafka_version_line());
  KafkaConfigSpec kspec;
  ConsumerOptions opts;
  std::string offset, delim;
  double timeout_s = 30;
  app.add_option("-b,--brokers", kspec.brokers,
                 "Bootstrap brokers host:port,... (default $KAFKA_BROKERS, else 127.0.0.1:9092)");
  app.add_option("-t,--topic", opts.topics, "Topic to consume (repeatable)")
      ->required()
      ->allow_extra_args(false);
  app.add_option("-G,--group", opts.group, "Join this consumer group (balanced, committed)");
  app.add_option("-p,--partition", opts.partitions, "Only these partitions (without -G)")
      ->check(CLI::NonNegativeNumber)
      ->allow_extra_args(false);
  app.add_option("-o,--offset", offset,
                 "Start at beginning|end|stored|N|-N|@TIMESTAMP_MS (default beginning; with -G "
                 "the group's committed offsets)");
  app.add_flag("-e,--exit", opts.exit_at_end, "Exit when every assigned partition reached its end");
  app.add_option("-c,--count", opts.count, "Exit after N messages")->check(CLI::NonNegativeNumber);
  app.add_flag("-J,--json", opts.json, "Write a JSON envelope per message (kcat -J)");
  app.add_option("-K,--key-delimiter", delim, "Write KEY<DELIM>PAYLOAD lines");
  app.add_flag("-u,--unbuffered", opts.unbuffered, "Flush output after every line");
  app.add_flag("--merge", opts.merge,
               "Catch up in message-timestamp order: merge the partitions (one batch of each "
               "held) until each reached its end, then write messages as they come (not with -G)");
  app.add_option("--merge-field", opts.merge_field,
                 "With --merge, order by this integer field of each JSON value (e.g. ts, the "
                 "record's time) instead of the message timestamp; implies --merge");
  app.add_option("-X,--property", kspec.properties, "librdkafka property name=value (repeatable)")
      ->allow_extra_args(false);
  app.add_option("-F,--config-file", kspec.files, "librdkafka properties file (name=value lines)")
      ->allow_extra_args(false);
  app.add_option("--timeout", timeout_s,
                 "Seconds to wait for a broker (and the topic) at start (default 30)")
      ->check(CLI::NonNegativeNumber);

  return run_tool(app, argc, argv, common, [&]() -> Status {
    for (const auto& t : opts.topics)
      if (Status st = check_topic_name(t); !st) return st;
    if (!offset.empty()) {
      auto o = parse_offset_spec(offset);
      if (!o) return o.status();
      opts.offset = *o;
    }
    if (!delim.empty()) {
      auto d = unescape_delimiter(delim);
      if (!d) return d.status();
      opts.key_delimiter = *d;
    }
    if (!opts.merge_field.empty()) opts.merge = true;
    opts.timeout_ms = static_cast<int64_t>(timeout_s * 1000);
    opts.stats_seconds = common.stats_seconds;
    Status st = validate_consumer_options(opts);
    if (!st) return st;
    auto cfg = KafkaConfig::resolve(kspec, std::getenv("KAFKA_BROKERS"));
    if (!cfg) return cfg.status();
    apply_consumer_defaults(*cfg, opts);
    OutputSink out(1, 1 << 20);
    return run_consumer(*cfg, opts, out, SystemClock::instance(), nullptr);
  });
}
