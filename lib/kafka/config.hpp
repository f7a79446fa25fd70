// librdkafka configuration from the command line: -b, -X prop=value, -F FILE, $KAFKA_BROKERS.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.hpp"

struct rd_kafka_conf_s;

namespace tweetmap {

/// The default bootstrap address when neither -b, a bootstrap property nor $KAFKA_BROKERS is set.
inline constexpr const char* kDefaultBrokers = "127.0.0.1:9092";

/// Checks a topic name as Kafka does (1 to 249 characters of A-Z a-z 0-9 . _ -; not "." or
/// ".."). Error (kUsage): the name quoted with control and non-ASCII bytes escaped, cut to its
/// first 64 bytes.
Status check_topic_name(std::string_view topic);

/// What the user asked for on the command line, in the order given.
struct KafkaConfigSpec {
  std::string brokers;                  ///< -b (empty: not given)
  std::vector<std::string> properties;  ///< each -X "name=value"
  std::vector<std::string> files;  ///< each -F FILE (kcat format: name=value lines, # comments)
};

/// An ordered set of librdkafka properties: tool defaults first, then the user's -F files, -X
/// properties and -b, later ones winning. Plain value type; not tied to a librdkafka handle.
class KafkaConfig {
 public:
  /// Reads the -F files and splits the -X pairs. `env_brokers` is $KAFKA_BROKERS (may be null).
  /// Errors (kUsage): "-X foo" without '=', an empty name, an unreadable -F file (named).
  /// A secret property (see is_secret) given with -X on argv gets a warning: argv is visible in
  /// ps(1); -F FILE keeps it private.
  static Result<KafkaConfig> resolve(const KafkaConfigSpec& spec, const char* env_brokers);

  /// Sets `name` unless the user set it (a tool default).
  void set_default(const std::string& name, const std::string& value);
  /// Sets `name`, overriding the user (used for properties a tool must control).
  void set(const std::string& name, const std::string& value);
  /// True when the user set `name` (-X, -F; or -b for bootstrap.servers).
  bool user_set(std::string_view name) const;
  /// The effective value of `name`, or nullptr.
  const std::string* get(std::string_view name) const;
  /// The effective bootstrap address (for messages).
  std::string brokers() const;

  /// A new librdkafka configuration with every property applied (the caller owns it; pass it to
  /// rd_kafka_new or rd_kafka_conf_destroy). Errors: an unknown property (kUsage, naming it and
  /// where it came from) or an invalid value (kUsage; a secret's value is never echoed).
  Result<rd_kafka_conf_s*> build() const;

  /// "name=value ..." of every effective property, secrets shown as "***" (for -v).
  std::string describe() const;

  /// True for properties whose value must never be logged (passwords, keys, secrets).
  static bool is_secret(std::string_view name);

  struct Entry {
    std::string name, value, origin;  ///< origin: "default", "-X", "-F FILE", "-b", ...
  };
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;  // one per name, in first-set order
  Entry* find(std::string_view name);
  const Entry* find(std::string_view name) const;
  void put(const std::string& name, const std::string& value, const std::string& origin);
};

/// Splits "name=value" at the first '='. Errors (kUsage) name the offending text (`what` says
/// which option, e.g. "-X").
Result<std::pair<std::string, std::string>> split_property(std::string_view text,
                                                           std::string_view what);

}  // namespace tweetmap
