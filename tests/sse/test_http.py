"""sse-serve HTTP side: static files, path traversal, limits, token, CORS, health, errors."""

import gzip
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from sselib import SSE_SERVE, Server, SSEClient, check, http_get, run_tests

SECRET = "TOP-SECRET-MARKER-7f3a"


def make_web():
    base = tempfile.mkdtemp(prefix="sse-web-")
    web = os.path.join(base, "web")
    os.makedirs(os.path.join(web, "assets"))
    os.makedirs(os.path.join(web, "sub"))
    with open(os.path.join(base, "secret.txt"), "w") as f:
        f.write(SECRET)
    os.makedirs(os.path.join(base, "outside"))
    with open(os.path.join(base, "outside", "secret.txt"), "w") as f:
        f.write(SECRET)
    with open(os.path.join(web, "index.html"), "w") as f:
        f.write("<!doctype html><title>map</title><script src=app.js></script>\n")
    with open(os.path.join(web, "app.js"), "w") as f:
        f.write("// app\n" + "console.log('tweetmap');\n" * 400)
    with open(os.path.join(web, "assets", "style.css"), "w") as f:
        f.write("body{margin:0}\n")
    with open(os.path.join(web, "assets", "world.json"), "w") as f:
        f.write('{"type":"Topology"}')
    with open(os.path.join(web, "assets", "icon.svg"), "w") as f:
        f.write("<svg xmlns='http://www.w3.org/2000/svg'/>")
    with open(os.path.join(web, "sub", "index.html"), "w") as f:
        f.write("sub index")
    with open(os.path.join(web, ".env"), "w") as f:
        f.write(SECRET)
    os.symlink(os.path.join(base, "outside"), os.path.join(web, "linkdir"))
    os.symlink(os.path.join(base, "secret.txt"), os.path.join(web, "link.txt"))
    os.symlink(os.path.join(web, "app.js"), os.path.join(web, "inside-link.js"))
    return base, web


def test_static_files_types_and_headers():
    base, web = make_web()
    try:
        with Server("--web", web) as srv:
            status, h, body = http_get(srv.port, "/")
            check(status == 200 and b"<title>map</title>" in body, f"GET / -> {status} {body[:80]}")
            check(h.get("content-type") == "text/html; charset=utf-8", f"type {h.get('content-type')}")
            csp = h.get("content-security-policy", "")
            for part in ("default-src 'none'", "script-src 'self'", "style-src 'self'",
                         "img-src 'self' data: https://*.tile.openstreetmap.org",
                         "connect-src 'self'"):
                check(part in csp, f"CSP lacks {part!r}: {csp}")
            check("unsafe" not in csp and " * " not in csp, f"CSP too broad: {csp}")
            check(h.get("x-content-type-options") == "nosniff", "X-Content-Type-Options")
            for path, ctype in (("/app.js", "text/javascript; charset=utf-8"),
                                ("/assets/style.css", "text/css; charset=utf-8"),
                                ("/assets/world.json", "application/json"),
                                ("/assets/icon.svg", "image/svg+xml"),
                                ("/sub/", "text/html; charset=utf-8"),
                                ("/inside-link.js", "text/javascript; charset=utf-8")):
                status, h, _ = http_get(srv.port, path)
                check(status == 200 and h.get("content-type") == ctype,
                      f"{path}: {status} {h.get('content-type')}")
            status, h, _ = http_get(srv.port, "/sub")
            check(status == 301 and h.get("location") == "/sub/", f"/sub -> {status} {h}")
            # Validators.
            status, h, body = http_get(srv.port, "/app.js")
            etag, lm = h.get("etag"), h.get("last-modified")
            check(etag and lm, f"ETag/Last-Modified missing: {h}")
            status, _, body2 = http_get(srv.port, "/app.js", {"If-None-Match": etag})
            check(status == 304 and body2 == b"", f"If-None-Match -> {status}")
            status, _, _ = http_get(srv.port, "/app.js", {"If-Modified-Since": lm})
            check(status == 304, f"If-Modified-Since -> {status}")
            status, _, _ = http_get(srv.port, "/app.js", {"If-None-Match": '"other"'})
            check(status == 200, f"stale ETag -> {status}")
            # gzip when accepted, identical content.
            status, h, gz = http_get(srv.port, "/app.js", {"Accept-Encoding": "gzip, br"})
            check(status == 200 and h.get("content-encoding") == "gzip", f"no gzip: {h}")
            check(gzip.decompress(gz) == body, "gzip body differs from the file")
            check(len(gz) < len(body) // 5, "gzip did not compress")
            check("accept-encoding" in h.get("vary", "").lower(), "Vary: Accept-Encoding missing")
            status, h, _ = http_get(srv.port, "/app.js", {"Accept-Encoding": "gzip;q=0"})
            check("content-encoding" not in h, "gzip;q=0 must not get gzip")
            # HEAD: headers only.
            status, h, body = http_get(srv.port, "/app.js", method="HEAD")
            check(status == 200 and body == b"" and int(h["content-length"]) > 1000,
                  f"HEAD -> {status} {h.get('content-length')} {len(body)}")
            status, _, _ = http_get(srv.port, "/missing.js")
            check(status == 404, f"missing -> {status}")
            status, h, _ = http_get(srv.port, "/", method="POST")
            check(status == 405, f"POST -> {status}")
    finally:
        shutil.rmtree(base)


def test_path_traversal():
    base, web = make_web()
    try:
        with Server("--web", web) as srv:
            attempts = ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
                        "/sub/../../secret.txt", "/..%2fsecret.txt", "/sub/%2e%2e/%2e%2e/secret.txt",
                        "/..\\secret.txt", "/%5c..%5csecret.txt", "//../secret.txt",
                        "/linkdir/secret.txt", "/link.txt", "/.env", "/%2eenv", "/sub/./../.env",
                        "/%00", "/app.js%00.html", "/%252e%252e/secret.txt", "/.%2e/secret.txt",
                        "/" + "../" * 20 + "etc/passwd", "/..", "/%2e%2e"]
            for path in attempts:
                status, _, body = http_get(srv.port, path)
                check(status in (400, 403, 404), f"{path}: status {status}")
                check(SECRET.encode() not in body and b"root:" not in body, f"{path}: leaked")
            # Raw, unnormalized request lines, byte for byte.
            for target in ("../secret.txt", "/a/../../secret.txt", "*", "http://x/../secret.txt"):
                status, _, body = http_get(srv.port, None, raw_request=(
                    f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                check(status in (0, 400, 403, 404), f"raw {target}: {status}")
                check(SECRET.encode() not in body, f"raw {target}: leaked")
    finally:
        shutil.rmtree(base)


def test_header_limit_431():
    with Server("--max-header-bytes", "4096") as srv:
        status, _, _ = http_get(srv.port, "/healthz", {"X-Big": "a" * 5000})
        check(status == 431, f"5000-byte header -> {status}")
        status, _, _ = http_get(srv.port, "/healthz", {"X-Ok": "a" * 1000})
        check(status == 200, f"1000-byte header -> {status}")
    with Server() as srv:  # default 8 KiB
        status, _, _ = http_get(srv.port, "/events", {"X-Big": "b" * 9000})
        check(status == 431, f"default limit, 9000-byte header -> {status}")


def test_idle_timeout_slowloris():
    with Server("--idle-timeout", "1") as srv:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # never finishes its headers
        t0 = time.time()
        for _ in range(5):  # keep dribbling, as a slowloris client does
            time.sleep(0.1)
            try:
                s.sendall(b"X-A: b\r\n")
            except OSError:
                break
        try:
            data = s.recv(100)
        except (ConnectionResetError, socket.timeout):
            data = b""
        check(data == b"" and time.time() - t0 < 3, f"slow header not cut after 1 s: {data!r}")
        s.close()
        # An idle keep-alive connection is closed too.
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        buf = b""
        t0 = time.time()
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            buf += chunk
        check(b"200 OK" in buf and time.time() - t0 < 3, "idle keep-alive not closed")
        # Event streams are not subject to the idle timeout.
        c = SSEClient(srv.port)
        time.sleep(1.5)
        srv.send('{"id":"1"}')
        check(c.next_event() is not None, "event stream cut by the idle timeout")


def test_token_required():
    token = "s3cr3t-t0ken-value"
    d = tempfile.mkdtemp()
    try:
        tf = os.path.join(d, "token")
        with open(tf, "w") as f:
            f.write(token + "\n")
        with Server("--token-file", tf, "-v", "-v") as srv:
            check(SSEClient(srv.port).status == 401, "no token accepted")
            status, h, _ = http_get(srv.port, "/events")
            check(status == 401 and "bearer" in h.get("www-authenticate", "").lower(),
                  f"401 with WWW-Authenticate expected: {status} {h}")
            check(SSEClient(srv.port, query="token=wrong").status == 401, "wrong token accepted")
            check(SSEClient(srv.port, headers={"Authorization": "Bearer " + token[:-1]}).status
                  == 401, "token prefix accepted")
            ok1 = SSEClient(srv.port, headers={"Authorization": "Bearer " + token})
            ok2 = SSEClient(srv.port, query="token=" + token)
            check(ok1.status == 200 and ok2.status == 200, f"{ok1.status} {ok2.status}")
            srv.send('{"id":"1"}')
            check(ok1.next_event() and ok2.next_event(), "authorized clients get events")
            check(http_get(srv.port, "/healthz")[0] == 200, "/healthz needs no token")
            srv.stop()
            err = srv.stderr_rest()
            check(token not in err, "the token appeared on stderr")
        env = dict(os.environ, SSE_SERVE_TOKEN=token)
        with Server(env=env) as srv:
            check(SSEClient(srv.port).status == 401, "SSE_SERVE_TOKEN not honoured")
            check(SSEClient(srv.port, query="token=" + token).status == 200, "env token")
    finally:
        shutil.rmtree(d)


def test_cors():
    with Server("--cors", "https://map.example,http://localhost:3000") as srv:
        c = SSEClient(srv.port, headers={"Origin": "https://map.example"})
        check(c.headers.get("access-control-allow-origin") == "https://map.example",
              f"allowed origin not echoed: {c.headers}")
        check("origin" in c.headers.get("vary", "").lower(), "Vary: Origin missing")
        c = SSEClient(srv.port, headers={"Origin": "https://evil.example"})
        check("access-control-allow-origin" not in c.headers, "foreign origin allowed")
        status, h, _ = http_get(srv.port, "/events", {
            "Origin": "http://localhost:3000", "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "last-event-id"}, method="OPTIONS")
        check(status == 204 and h.get("access-control-allow-origin") == "http://localhost:3000",
              f"preflight: {status} {h}")
        check("last-event-id" in h.get("access-control-allow-headers", "").lower(),
              "preflight must allow Last-Event-ID")
    with Server() as srv:
        c = SSEClient(srv.port, headers={"Origin": "https://map.example"})
        check("access-control-allow-origin" not in c.headers, "CORS on by default")
    with Server("--cors", "*") as srv:
        c = SSEClient(srv.port, headers={"Origin": "https://any.example"})
        check(c.headers.get("access-control-allow-origin") == "*", "--cors '*'")


def test_max_clients_503():
    with Server("--max-clients", "2") as srv:
        a, b = SSEClient(srv.port), SSEClient(srv.port)
        srv.wait_metric("sse_clients", lambda v: v == 2)
        status, h, _ = http_get(srv.port, "/events")
        check(status == 503 and "retry-after" in h, f"third client: {status} {h}")
        a.close()
        srv.wait_metric("sse_clients", lambda v: v == 1)
        c = SSEClient(srv.port)
        check(c.status == 200, f"a freed slot should be reusable: {c.status}")


def test_healthz_and_bad_requests():
    with Server() as srv:
        status, _, body = http_get(srv.port, "/healthz")
        check(status == 200 and body.startswith(b"ok"), f"/healthz {status} {body}")
        status, _, _ = http_get(srv.port, "/")
        check(status == 404, f"no --web: / -> {status}")
        status, _, body = http_get(srv.port, "/events?since=abc")
        check(status == 400 and b"since" in body, f"since=abc -> {status} {body}")
        status, _, _ = http_get(srv.port, None, raw_request=b"GARBAGE\r\n\r\n")
        check(status in (0, 400), f"garbage request -> {status}")
        status, _, _ = http_get(srv.port, "/healthz", method="POST",
                                headers={"Content-Length": "5"})
        check(status in (405, 413), f"POST with body -> {status}")


def test_port_in_use_and_usage_errors():
    with Server() as srv:
        p = subprocess.run([SSE_SERVE, "--listen", f"127.0.0.1:{srv.port}"], input=b"",
                           capture_output=True, timeout=10)
        err = p.stderr.decode()
        check(p.returncode == 1, f"port in use: exit {p.returncode}")
        check(len(err.strip().splitlines()) == 1 and "sse-serve: error:" in err
              and "in use" in err, f"port in use message: {err!r}")
    for args in (["--client-buffer", "0"], ["--client-buffer", "12parsecs"],
                 ["--slow-client", "maybe"], ["--on-eof", "later"], ["--listen", "nope"],
                 ["--web", "/nonexistent/dir"], ["--token-file", "/nonexistent/token"]):
        p = subprocess.run([SSE_SERVE, "--listen", "127.0.0.1:0", *args], input=b"",
                           capture_output=True, timeout=10)
        check(p.returncode in (1, 2) and b"error" in p.stderr,
              f"{args}: exit {p.returncode} {p.stderr!r}")
    p = subprocess.run([SSE_SERVE, "--help"], capture_output=True, timeout=10)
    check(p.returncode == 0 and b"--slow-client" in p.stdout, "--help")


def test_sigint_stops_cleanly():
    with Server() as srv:
        c = SSEClient(srv.port)
        srv.wait_metric("sse_clients", lambda v: v == 1)
        t0 = time.time()
        rc = srv.stop(signal.SIGINT)
        check(rc == 130, f"exit status after SIGINT: {rc}")
        check(time.time() - t0 < 3, "slow to stop")
        check(c.next_event(timeout=3) is None and c.closed, "client not disconnected")


TESTS = [(n, f) for n, f in sorted(globals().items()) if n.startswith("test_")]

if __name__ == "__main__":
    run_tests(TESTS, sys.argv[1:])
