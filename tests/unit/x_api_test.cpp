#include "x/api.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

#include "x/stream.hpp"

using namespace tweetmap;

TEST_CASE("x api: problem documents become one readable line") {
  CHECK(
      x_problem_text(
          R"({"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"})") ==
      "Unauthorized");
  CHECK(
      x_problem_text(
          R"({"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429})") ==
      "Too Many Requests");
  CHECK(
      x_problem_text(
          R"({"title":"ConnectionException","detail":"This stream is currently at the maximum allowed connection limit.","type":"t"})") ==
      "ConnectionException: This stream is currently at the maximum allowed connection limit.");
  CHECK(x_problem_text("<html>\nbad gateway") == "<html>");
  CHECK(x_problem_text("") == "");
}

TEST_CASE("x api: 401/403 are authentication errors, others network errors") {
  HttpResponse r{401, R"({"title":"Unauthorized","detail":"Unauthorized","status":401})", {}};
  Status st = http_error_status(r, "listing rules");
  CHECK(st.code() == ErrorCode::kAuth);
  CHECK(st.message() ==
        "authentication failed (HTTP 401 Unauthorized): Unauthorized (check X_BEARER_TOKEN or "
        "--bearer-token-file)");
  HttpResponse s{503, "", {}};
  CHECK(http_error_status(s, "listing rules").message() ==
        "listing rules failed: HTTP 503 Service Unavailable");
}

TEST_CASE("x api: header values, api base, time scale") {
  CHECK(header_value("x-rate-limit-reset: 1700000000\r\n", "X-Rate-Limit-Reset") ==
        std::optional<std::string_view>("1700000000"));
  CHECK_FALSE(header_value("x-rate-limit-resetx: 1\r\n", "x-rate-limit-reset").has_value());
  CHECK(*normalize_api_base("http://127.0.0.1:8080/") == "http://127.0.0.1:8080");
  CHECK_FALSE(normalize_api_base("ftp://x").is_ok());
  CHECK_FALSE(normalize_api_base("https://").is_ok());
  CHECK(stream_query().find("expansions=geo.place_id,author_id") != std::string::npos);
  ::setenv("TWEETMAP_TIME_SCALE", "0.5", 1);
  CHECK(*time_scale_from_env() == 0.5);
  ::setenv("TWEETMAP_TIME_SCALE", "-1", 1);
  CHECK_FALSE(time_scale_from_env().is_ok());
  ::unsetenv("TWEETMAP_TIME_SCALE");
  CHECK(*time_scale_from_env() == 1.0);
}
