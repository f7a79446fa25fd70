// Shared pieces for talking to the X API v2: configuration, bearer token, one-shot requests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace tweetmap {

/// Where and how to reach the API. The token is a secret: never logged, never put in messages.
struct XApiConfig {
  std::string api_base = "https://api.x.com";  ///< scheme://host[:port][/prefix], no trailing /
  std::string bearer_token;                    ///< OAuth 2.0 app-only bearer token
  long timeout_s = 30;                         ///< whole-request timeout for one-shot requests
};

/// The default API base (X's public API host).
inline constexpr std::string_view kDefaultApiBase = "https://api.x.com";

/// Finds the bearer token: the first line of `token_file` when given, else the X_BEARER_TOKEN
/// environment variable. Errors (kUsage) say where to put a token, never what a token was.
Result<std::string> load_bearer_token(const std::string& token_file);

/// Checks and normalizes an --api-base value (http or https URL; trailing slashes dropped).
Result<std::string> normalize_api_base(std::string_view base);

/// A finished HTTP exchange.
struct HttpResponse {
  long status = 0;                            ///< HTTP status code
  std::string body;                           ///< response body (decompressed)
  std::optional<int64_t> rate_limit_reset_s;  ///< `x-rate-limit-reset`, when sent
};

/// Performs one request against `config.api_base + path` (path includes any query) with the
/// bearer token, a JSON body when `body` is not empty, TLS verification on, gzip accepted and
/// no redirects followed (the token must not travel elsewhere). Network failures are kNetwork
/// errors; any HTTP status is a successful exchange (see http_error_status).
Result<HttpResponse> x_request(const XApiConfig& config, std::string_view method,
                               std::string_view path, std::string_view body = {});

/// A one-line Status for a failed response: 401/403 -> kAuth ("authentication failed (HTTP 401
/// Unauthorized): ..."), others -> kNetwork; `what` names the operation ("listing rules").
Status http_error_status(const HttpResponse& r, std::string_view what);

/// "Unauthorized: detail" from an X problem document (title/detail/errors), or a cleaned-up
/// prefix of a non-JSON body; empty when there is nothing useful.
std::string x_problem_text(std::string_view body);

/// The `connection_issue` of an X streaming problem document ("TooManyConnections" when the app
/// already has its one stream connection open); empty when there is none.
std::string x_connection_issue(std::string_view body);

/// "401 Unauthorized", "503 Service Unavailable", "429 Too Many Requests", ...
std::string http_status_text(long status);

/// Parses a header line "Name: value\r\n"; returns the value when the name matches
/// (case-insensitively).
std::optional<std::string_view> header_value(std::string_view line, std::string_view name);

}  // namespace tweetmap
