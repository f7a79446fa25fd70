#include "kafka/config.hpp"

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>

#include <fstream>

#include "core/log.hpp"

namespace tweetmap {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool is_bootstrap(std::string_view name) {
  return name == "bootstrap.servers" || name == "metadata.broker.list";
}

}  // namespace

Status check_topic_name(std::string_view topic) {
  constexpr size_t kMaxTopic = 249, kShown = 64;
  bool ok = !topic.empty() && topic.size() <= kMaxTopic && topic != "." && topic != "..";
  for (char c : topic) {
    const bool name_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    ok = ok && name_char;
  }
  if (ok) return Status::ok();
  std::string shown;
  for (unsigned char c : topic.substr(0, kShown)) {
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
      shown += fmt::format("\\x{:02x}", c);
    else
      shown += static_cast<char>(c);
  }
  return usage_error(fmt::format(
      "bad topic name \"{}\"{} ({} bytes; a topic is 1 to {} characters of A-Z a-z 0-9 . _ -)",
      shown, topic.size() > kShown ? "..." : "", topic.size(), kMaxTopic));
}

Result<std::pair<std::string, std::string>> split_property(std::string_view text,
                                                           std::string_view what) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos)
    return usage_error(fmt::format("{} expects name=value, got '{}'", what, text));
  std::string name(trim(text.substr(0, eq)));
  if (name.empty()) return usage_error(fmt::format("{} has an empty property name", what));
  return std::make_pair(name, std::string(text.substr(eq + 1)));
}

bool KafkaConfig::is_secret(std::string_view name) {
  return name.find("password") != std::string_view::npos ||
         name.find("secret") != std::string_view::npos || name == "ssl.key.pem" ||
         name == "ssl_key" || name == "sasl.oauthbearer.config" || name == "ssl.keystore.password";
}

KafkaConfig::Entry* KafkaConfig::find(std::string_view name) {
  for (auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

const KafkaConfig::Entry* KafkaConfig::find(std::string_view name) const {
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

void KafkaConfig::put(const std::string& name, const std::string& value,
                      const std::string& origin) {
  // Both spellings of the bootstrap list are one setting.
  std::string key = is_bootstrap(name) ? "bootstrap.servers" : name;
  if (Entry* e = find(key)) {
    e->value = value;
    e->origin = origin;
  } else {
    entries_.push_back({key, value, origin});
  }
}

Result<KafkaConfig> KafkaConfig::resolve(const KafkaConfigSpec& spec, const char* env_brokers) {
  KafkaConfig cfg;
  for (const auto& path : spec.files) {
    std::ifstream in(path);
    if (!in) return usage_error(fmt::format("-F {}: cannot read the file", path));
    std::string line;
    int no = 0;
    while (std::getline(in, line)) {
      ++no;
      std::string_view t = trim(line);
      if (t.empty() || t.front() == '#') continue;
      auto kv = split_property(t, fmt::format("-F {} line {}", path, no));
      if (!kv) return kv.status();
      cfg.put(kv->first, std::string(trim(kv->second)), fmt::format("-F {}", path));
    }
  }
  for (const auto& p : spec.properties) {
    auto kv = split_property(p, "-X");
    if (!kv) return kv.status();
    if (is_secret(kv->first))
      log_warning("-X {} on the command line is visible to other users (ps); use -F FILE",
                  kv->first);
    cfg.put(kv->first, kv->second, "-X");
  }
  if (!spec.brokers.empty()) {
    cfg.put("bootstrap.servers", spec.brokers, "-b");
  } else if (!cfg.find("bootstrap.servers")) {
    if (env_brokers && *env_brokers)
      cfg.put("bootstrap.servers", env_brokers, "KAFKA_BROKERS");
    else
      cfg.put("bootstrap.servers", kDefaultBrokers, "default");
  }
  return cfg;
}

void KafkaConfig::set_default(const std::string& name, const std::string& value) {
  if (!find(is_bootstrap(name) ? "bootstrap.servers" : name)) put(name, value, "default");
}

void KafkaConfig::set(const std::string& name, const std::string& value) {
  put(name, value, "tool");
}

bool KafkaConfig::user_set(std::string_view name) const {
  const Entry* e = find(is_bootstrap(name) ? "bootstrap.servers" : name);
  return e && e->origin != "default" && e->origin != "tool";
}

const std::string* KafkaConfig::get(std::string_view name) const {
  const Entry* e = find(is_bootstrap(name) ? "bootstrap.servers" : name);
  return e ? &e->value : nullptr;
}

std::string KafkaConfig::brokers() const {
  const std::string* b = get("bootstrap.servers");
  return b ? *b : std::string(kDefaultBrokers);
}

Result<rd_kafka_conf_t*> KafkaConfig::build() const {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& e : entries_) {
    err[0] = '\0';
    rd_kafka_conf_res_t r =
        rd_kafka_conf_set(conf, e.name.c_str(), e.value.c_str(), err, sizeof err);
    if (r == RD_KAFKA_CONF_OK) continue;
    rd_kafka_conf_destroy(conf);
    if (r == RD_KAFKA_CONF_UNKNOWN)
      return usage_error(fmt::format("unknown property '{}' ({})", e.name, e.origin));
    if (is_secret(e.name))
      return usage_error(fmt::format("invalid value for property '{}' ({})", e.name, e.origin));
    return usage_error(fmt::format("invalid property '{}' ({}): {}", e.name, e.origin, err));
  }
  return conf;
}

std::string KafkaConfig::describe() const {
  std::string out;
  for (const auto& e : entries_) {
    if (!out.empty()) out += ' ';
    out += e.name;
    out += '=';
    out += is_secret(e.name) ? "***" : e.value;
  }
  return out;
}

}  // namespace tweetmap
