#include "x/api.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <memory>

#include "core/padded_parse.hpp"
#include "core/system.hpp"
#include "x/curl_handle.hpp"

namespace tweetmap {

Result<std::string> load_bearer_token(const std::string& token_file) {
  if (!token_file.empty()) return read_secret_file(token_file);
  const char* env = std::getenv("X_BEARER_TOKEN");
  if (env && *env) {
    std::string t(env);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
    if (!t.empty()) return t;
  }
  return usage_error(
      "no bearer token: set X_BEARER_TOKEN or pass --bearer-token-file FILE "
      "(tokens are never taken from the command line)");
}

Result<std::string> normalize_api_base(std::string_view base) {
  std::string b(base);
  while (!b.empty() && b.back() == '/') b.pop_back();
  bool http = b.rfind("http://", 0) == 0, https = b.rfind("https://", 0) == 0;
  size_t host_at = https ? 8 : 7;
  if ((!http && !https) || b.size() <= host_at || b.find_first_of(" \t\r\n?#") != std::string::npos)
    return usage_error(
        fmt::format("--api-base: expected an http:// or https:// URL, got '{}'", base));
  return b;
}

std::optional<std::string_view> header_value(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return std::nullopt;
  for (size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) !=
        std::tolower(static_cast<unsigned char>(name[i])))
      return std::nullopt;
  std::string_view v = line.substr(name.size() + 1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
  return v;
}

namespace {

struct Exchange {
  HttpResponse resp;
  size_t limit = 8 << 20;  // a rules response is small; refuse to buffer an endless body
};

size_t on_body(char* p, size_t size, size_t n, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  if (ex->resp.body.size() + n > ex->limit) return 0;
  ex->resp.body.append(p, n);
  return size * n;
}

size_t on_header(char* p, size_t size, size_t n, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  if (auto v = header_value(std::string_view(p, n), "x-rate-limit-reset")) {
    int64_t t = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), t);
    if (ec == std::errc()) ex->resp.rate_limit_reset_s = t;
  }
  return size * n;
}

}  // namespace

Result<HttpResponse> x_request(const XApiConfig& config, std::string_view method,
                               std::string_view path, std::string_view body) {
  if (Status loaded = curl::load(); !loaded) return loaded;
  CurlPtr h(curl::easy_init(), curl::easy_cleanup);
  if (!h) return internal_error("cannot create a libcurl handle");
  std::string url = config.api_base + std::string(path);
  std::string auth = "Authorization: Bearer " + config.bearer_token;
  curl_slist* hdr = curl::slist_append(nullptr, auth.c_str());
  hdr = curl::slist_append(hdr, "Accept: application/json");
  if (!body.empty()) hdr = curl::slist_append(hdr, "Content-Type: application/json");
  SlistPtr headers(hdr, curl::slist_free_all);
  Exchange ex;
  char errbuf[CURL_ERROR_SIZE] = "";
  CURL* c = h.get();
  setup_x_curl(c, url.c_str(), headers.get(), errbuf, true);
  curl::easy_setopt(c, CURLOPT_TIMEOUT, config.timeout_s);
  curl::easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  curl::easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl::easy_setopt(c, CURLOPT_WRITEDATA, &ex);
  curl::easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl::easy_setopt(c, CURLOPT_HEADERDATA, &ex);
  std::string m(method);
  if (m == "POST") {
    curl::easy_setopt(c, CURLOPT_POST, 1L);
    curl::easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl::easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  } else if (m != "GET") {
    curl::easy_setopt(c, CURLOPT_CUSTOMREQUEST, m.c_str());
  }
  CURLcode rc = curl::easy_perform(c);
  if (rc != CURLE_OK) {
    std::string why = errbuf[0] ? errbuf : curl::easy_strerror(rc);
    return network_error(fmt::format("{} {}: {}", m, url, why));
  }
  curl::easy_getinfo(c, CURLINFO_RESPONSE_CODE, &ex.resp.status);
  return std::move(ex.resp);
}

std::string http_status_text(long status) {
  const char* reason = "";
  switch (status) {
    case 400:
      reason = "Bad Request";
      break;
    case 401:
      reason = "Unauthorized";
      break;
    case 403:
      reason = "Forbidden";
      break;
    case 404:
      reason = "Not Found";
      break;
    case 408:
      reason = "Request Timeout";
      break;
    case 409:
      reason = "Conflict";
      break;
    case 420:
      reason = "Enhance Your Calm";
      break;
    case 429:
      reason = "Too Many Requests";
      break;
    case 500:
      reason = "Internal Server Error";
      break;
    case 502:
      reason = "Bad Gateway";
      break;
    case 503:
      reason = "Service Unavailable";
      break;
    case 504:
      reason = "Gateway Timeout";
      break;
    default:
      break;
  }
  return *reason ? fmt::format("{} {}", status, reason) : fmt::format("{}", status);
}

std::string x_problem_text(std::string_view body) {
  std::string out;
  simdjson::ondemand::parser parser;
  ParsedObject parsed;
  simdjson::ondemand::object& obj = parsed.root;
  if (parse_object(parser, body, parsed)) {
    std::string title, detail;
    for (auto field : obj) {
      std::string_view key, val;
      if (field.unescaped_key().get(key) != simdjson::SUCCESS) break;
      if (key == "title" && field.value().get_string().get(val) == simdjson::SUCCESS)
        title = val;
      else if ((key == "detail" || key == "error") &&
               field.value().get_string().get(val) == simdjson::SUCCESS)
        detail = val;
      else if (key == "errors" && detail.empty()) {
        simdjson::ondemand::array arr;
        if (field.value().get_array().get(arr) != simdjson::SUCCESS) continue;
        for (auto e : arr) {
          simdjson::ondemand::object eo;
          if (e.get_object().get(eo) != simdjson::SUCCESS) continue;
          for (auto ef : eo) {
            std::string_view k;
            if (ef.unescaped_key().get(k) != simdjson::SUCCESS) break;
            if ((k == "message" || k == "detail") &&
                ef.value().get_string().get(val) == simdjson::SUCCESS) {
              detail = val;
              break;
            }
          }
          break;
        }
      }
    }
    if (!title.empty() && !detail.empty() && title != detail) return title + ": " + detail;
    return !detail.empty() ? detail : title;
  }
  // Not JSON: the first line, printable ASCII only, bounded.
  for (char ch : body) {
    if (ch == '\n' || out.size() >= 200) break;
    if (ch >= 0x20 && ch < 0x7f) out.push_back(ch);
  }
  return out;
}

std::string x_connection_issue(std::string_view body) {
  simdjson::ondemand::parser parser;
  ParsedObject parsed;
  simdjson::ondemand::object& obj = parsed.root;
  if (!parse_object(parser, body, parsed)) return "";
  for (auto field : obj) {
    std::string_view key, val;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) break;
    if (key == "connection_issue" && field.value().get_string().get(val) == simdjson::SUCCESS)
      return std::string(val);
  }
  return "";
}

Status http_error_status(const HttpResponse& r, std::string_view what) {
  std::string problem = x_problem_text(r.body);
  std::string detail = problem.empty() ? "" : ": " + problem;
  if (r.status == 401 || r.status == 403)
    return auth_error(
        fmt::format("authentication failed (HTTP {}){} (check X_BEARER_TOKEN or "
                    "--bearer-token-file)",
                    http_status_text(r.status), detail));
  return network_error(
      fmt::format("{} failed: HTTP {}{}", what, http_status_text(r.status), detail));
}

}  // namespace tweetmap
