#include "sse/http_server.hpp"

#include <doctest/doctest.h>

using namespace tweetmap;

TEST_CASE("http_server: --listen addresses") {
  auto a = resolve_listen_address("127.0.0.1:8080");
  REQUIRE(a.is_ok());
  CHECK(a->port() == 8080);
  CHECK(a->address().to_string() == "127.0.0.1");
  CHECK(resolve_listen_address(":0")->address().to_string() == "127.0.0.1");
  CHECK(resolve_listen_address("[::1]:9000")->address().is_v6());
  CHECK(resolve_listen_address("0.0.0.0:1")->port() == 1);
  CHECK(resolve_listen_address("localhost:80").is_ok());
  for (const char* bad : {"8080", "1.2.3.4:99999", "1.2.3.4:x", "[::1]9000", "host.invalid.:1"})
    CHECK_FALSE(resolve_listen_address(bad).is_ok());
}
