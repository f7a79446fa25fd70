#include "sse/static_files.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace tweetmap;
namespace fs = std::filesystem;

namespace {

struct TempWeb {
  fs::path base, web;
  TempWeb() {
    char tmpl[] = "/tmp/static-files-test-XXXXXX";
    base = ::mkdtemp(tmpl);
    web = base / "web";
    fs::create_directories(web / "dir");
    std::ofstream(base / "secret.txt") << "secret";
    std::ofstream(web / "index.html") << "<p>index</p>";
    std::ofstream(web / "dir" / "index.html") << "dir index";
    std::ofstream(web / "big.js") << std::string(5000, 'a');
    std::ofstream(web / ".hidden") << "hidden";
    fs::create_directory_symlink(base, web / "up");
    fs::create_symlink(base / "secret.txt", web / "s.txt");
  }
  ~TempWeb() { fs::remove_all(base); }
};

// What the answer would send: the streamed file or the shared gzip body.
std::string body(const StaticResponse& r) {
  if (r.gz_body) return *r.gz_body;
  std::string out;
  if (r.fd < 0) return out;
  char buf[4096];
  ssize_t n;
  off_t off = 0;
  while ((n = ::pread(r.fd, buf, sizeof buf, off)) > 0) {
    out.append(buf, static_cast<size_t>(n));
    off += n;
  }
  return out;
}

StaticResponse get(StaticFiles& sf, std::string_view target, std::string_view ae = "") {
  StaticRequest r;
  r.target = target;
  r.accept_encoding = ae;
  return sf.serve(r);
}

}  // namespace

TEST_CASE("static_files: index, types and directory redirect") {
  TempWeb t;
  auto sf = StaticFiles::open(t.web.string());
  REQUIRE(sf.is_ok());
  auto r = get(**sf, "/");
  CHECK(r.status == 200);
  CHECK(body(r) == "<p>index</p>");
  CHECK(r.size == 12);
  CHECK(r.content_type == "text/html; charset=utf-8");
  CHECK(body(get(**sf, "/dir/")) == "dir index");
  auto redirect = get(**sf, "/dir?x=1");
  CHECK(redirect.status == 301);
  CHECK(redirect.location == "/dir/?x=1");
  CHECK(get(**sf, "/nope").status == 404);
  CHECK(content_type_for("a/b.JS") == "text/javascript; charset=utf-8");
  CHECK(content_type_for("x.woff2") == "font/woff2");
  CHECK(content_type_for("noext") == "application/octet-stream");
  CHECK_FALSE(StaticFiles::open("/nonexistent-dir").is_ok());
}

TEST_CASE("static_files: a directory redirect stays on this origin") {
  // "//dir" is the directory "dir", but "Location: //dir/" would send the browser to the host
  // "dir" (a scheme-relative URL): an open redirect.
  TempWeb t;
  auto sf = StaticFiles::open(t.web.string());
  REQUIRE(sf.is_ok());
  for (std::string_view target : {"//dir", "///dir", "//dir?x=1"}) {
    CAPTURE(target);
    auto r = get(**sf, target);
    CHECK(r.status == 301);
    CHECK(r.location.starts_with("/dir/"));
    CHECK_FALSE(r.location.starts_with("//"));
  }
  CHECK(get(**sf, "//dir?x=1").location == "/dir/?x=1");
}

TEST_CASE("static_files: no way out of the root") {
  TempWeb t;
  auto sf = StaticFiles::open(t.web.string());
  REQUIRE(sf.is_ok());
  for (const char* target :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/dir/../../secret.txt", "/..%2Fsecret.txt",
        "/up/secret.txt", "/s.txt", "/a\\..\\b", "/%2E%2E"}) {
    auto r = get(**sf, target);
    INFO(target);
    CHECK((r.status == 403 || r.status == 404 || r.status == 400));
    CHECK(body(r).find("secret") == std::string::npos);
  }
  CHECK(get(**sf, "/.hidden").status == 404);
  CHECK(get(**sf, "/%00").status == 400);
  CHECK(get(**sf, "relative").status == 400);
}

TEST_CASE("static_files: validators and gzip") {
  TempWeb t;
  auto sf = StaticFiles::open(t.web.string());
  REQUIRE(sf.is_ok());
  auto plain = get(**sf, "/big.js");
  REQUIRE(plain.status == 200);
  CHECK_FALSE(plain.gzip);
  CHECK(plain.compressible);
  StaticRequest cond;
  cond.target = "/big.js";
  std::string etag = plain.etag;
  cond.if_none_match = etag;
  CHECK((*sf)->serve(cond).status == 304);
  std::string list = "\"x\", W/" + etag;
  cond.if_none_match = list;
  CHECK((*sf)->serve(cond).status == 304);
  cond.if_none_match = "";
  cond.if_modified_since = plain.last_modified;
  CHECK((*sf)->serve(cond).status == 304);
  cond.if_modified_since = "Thu, 01 Jan 1970 00:00:00 GMT";
  CHECK((*sf)->serve(cond).status == 200);
  auto gz = get(**sf, "/big.js", "deflate, gzip;q=0.5");
  CHECK(gz.gzip);
  CHECK(gz.etag != plain.etag);
  CHECK(body(gz).size() < 200);
  CHECK(gz.size == body(gz).size());
  CHECK(body(gz).substr(0, 2) == "\x1f\x8b");
  CHECK(get(**sf, "/big.js", "gzip").gz_body == gz.gz_body);  // one shared copy
  CHECK(gz.fd < 0);
  CHECK_FALSE(get(**sf, "/big.js", "gzip;q=0").gzip);
  CHECK_FALSE(get(**sf, "/index.html", "gzip").gzip);  // too small to bother
  CHECK(accepts_gzip("GZIP"));
  CHECK(accepts_gzip("*"));
  CHECK_FALSE(accepts_gzip("br, deflate"));
  CHECK(http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST_CASE("static_files: a large file is streamed from its descriptor, whatever its size") {
  TempWeb t;
  {
    std::ofstream big(t.web / "huge.js");
    big.seekp((kMaxGzipSourceBytes * 10) - 1);  // sparse: 80 MiB, over the old 64 MiB limit
    big.put('x');
  }
  auto sf = StaticFiles::open(t.web.string());
  REQUIRE(sf.is_ok());
  auto r = get(**sf, "/huge.js", "gzip");
  CHECK(r.status == 200);
  CHECK_FALSE(r.gzip);  // over kMaxGzipSourceBytes: sent as it is
  CHECK(r.fd >= 0);
  CHECK(r.size == kMaxGzipSourceBytes * 10);
  StaticResponse moved = std::move(r);
  CHECK(r.fd < 0);
  CHECK(moved.fd >= 0);
}
