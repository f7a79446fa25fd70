// sse-serve: fan NDJSON lines out to browsers as Server-Sent Events, and serve the map page.
#include <CLI/CLI.hpp>

#include <cstdlib>

#include "cli/cli_common.hpp"
#include "cli/place_answer.hpp"
#include "core/text.hpp"
#include "sse/serve.hpp"

using namespace tweetmap;

int main(int argc, char** argv) {
  CLI::App app{
      "Serve NDJSON lines from stdin (or FILE) as Server-Sent Events on /events, with resume,\n"
      "per-client filters and back-pressure, plus static files, /healthz, /metrics and /places\n"
      "(place search in the built-in GeoNames gazetteer).",
      "sse-serve"};
  CommonOptions common;
  add_common_options(app, common);
  SseServeOptions o;
  o.routes.max_clients = 10000;
  o.routes.max_connections = 1024;
  o.routes.places = [](std::string_view query) { return place_answer(query); };  // GET /places
  std::string client_buffer = "1MiB", slow_client = "drop", on_eof = "stay", token_file, cors;
  app.add_option("file", o.input, "NDJSON input ('-' = stdin)")->capture_default_str();
  app.add_option("-l,--listen", o.listen, "HOST:PORT to listen on (port 0 = any free port)")
      ->envname("SSE_SERVE_LISTEN")
      ->capture_default_str();
  app.add_option("--web", o.web_dir, "Serve the static page from DIR (index.html for /)");
  app.add_option("--history", o.history.max_events, "Events kept for resume, since= and /history")
      ->capture_default_str();
  app.add_option("--history-seconds", o.history.max_seconds,
                 "Also forget events older than SECONDS (0 = no age limit)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  std::string history_bytes = "1GiB";
  app.add_option("--history-bytes", history_bytes,
                 "Memory the kept history may take, with a unit (512MiB, 2GiB)")
      ->capture_default_str();
  app.add_option("--heartbeat", o.heartbeat_s, "Comment heartbeat period in SECONDS (0 = off)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--coalesce", o.coalesce_ms,
                 "Dense input: at most one write per client per MS, gathered (0 = none)")
      ->check(CLI::Range(0.0, 1000.0))
      ->capture_default_str();
  app.add_option("--retry", o.routes.session.retry_ms, "Reconnect delay hint (retry:) in ms")
      ->check(CLI::Range(0, 3600000))
      ->capture_default_str();
  app.add_option("--client-buffer", client_buffer,
                 "Per-client queue bound: N events, or bytes with a unit (64KiB, 1MiB)")
      ->capture_default_str();
  app.add_option("--slow-client", slow_client, "When a client's queue is full: drop or disconnect")
      ->check(CLI::IsMember({"drop", "disconnect"}))
      ->capture_default_str();
  app.add_option("--token-file", token_file, "Require the access token in FILE for /events");
  app.add_option("--cors", cors, "Comma-separated origins allowed to connect ('*' = any)");
  app.add_option("--max-clients", o.routes.max_clients,
                 "Event-stream clients at most (0 = no limit)")
      ->capture_default_str();
  app.add_option("--max-connections", o.routes.max_connections,
                 "Other HTTP connections at most, idle ones included (0 = no limit; else 503)")
      ->capture_default_str();
  app.add_option("--max-header-bytes", o.http.max_header_bytes,
                 "Largest request header accepted (else 431)")
      ->check(CLI::Range(size_t{512}, size_t{1} << 20))
      ->capture_default_str();
  app.add_option("--idle-timeout", o.http.idle_timeout_s,
                 "Seconds to receive a request's headers or stay idle between requests")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--threads", o.threads, "I/O threads (default: number of cores)")
      ->check(CLI::Range(1u, 256u));
  app.add_option("--on-eof", on_eof, "At the end of the input: stay (keep serving) or exit")
      ->check(CLI::IsMember({"stay", "exit"}))
      ->capture_default_str();
  return run_tool(app, argc, argv, common, [&]() -> Status {
    auto buffer = parse_client_buffer(client_buffer);
    if (!buffer) return buffer.status();
    o.routes.session.buffer = *buffer;
    auto hbytes = parse_client_buffer(history_bytes);  // the same sizes; a plain number is bytes
    if (!hbytes)
      return usage_error("bad --history-bytes '" + history_bytes + "' (e.g. 512MiB, 2GiB)");
    o.history.max_bytes = hbytes->max_events ? hbytes->max_events : hbytes->max_bytes;
    o.routes.session.policy =
        slow_client == "disconnect" ? SlowClientPolicy::kDisconnect : SlowClientPolicy::kDrop;
    o.exit_on_eof = on_eof == "exit";
    o.stats_s = common.stats_seconds;
    if (!token_file.empty()) {
      auto token = read_secret_file(token_file);
      if (!token) return token.status();
      o.routes.token = std::move(*token);
    } else if (const char* env = std::getenv("SSE_SERVE_TOKEN"); env && *env) {
      o.routes.token = env;
    }
    for (auto origin : split_list(cors, false)) o.routes.cors.emplace_back(origin);
    return run_sse_serve(o);
  });
}
