"""Security checks of sse-serve that its own suites (tests/sse) do not make: connection and
half-open request floods, header-count and body floods, pipelined request floods, and the access
token staying out of /proc/<pid>/cmdline and /metrics, no open redirect. See docs/SECURITY.md."""

import os
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sse"))
from sselib import Server, SSEClient, check, http_get, run_tests  # noqa: E402

FLOOD = 400  # sockets per flood; the test raises its fd limit for them


def open_flood(port, n, partial):
    socks = []
    for i in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        if partial and i % 2:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # never finishes its headers
        socks.append(s)
    return socks


def all_closed_by_server(socks, timeout):
    """True when the server closed every socket within `timeout` seconds."""
    deadline = time.time() + timeout
    for s in socks:
        left = deadline - time.time()
        if left <= 0:
            return False
        s.settimeout(left)
        try:
            while s.recv(4096):
                pass
        except ConnectionResetError:
            pass
        except socket.timeout:
            return False
    return True


def test_connection_flood_is_cut_and_server_stays_responsive():
    with Server("--idle-timeout", "1") as srv:
        socks = open_flood(srv.port, FLOOD, partial=True)
        try:
            srv.wait_metric("sse_connections", lambda v: v >= FLOOD * 0.9, timeout=5)
            t0 = time.time()
            status, _, body = http_get(srv.port, "/healthz", timeout=5)
            check(status == 200 and time.time() - t0 < 2,
                  f"/healthz during a flood of {FLOOD} idle connections: {status} "
                  f"after {time.time() - t0:.1f}s")
            c = SSEClient(srv.port)
            check(c.status == 200, f"an event-stream client during the flood: {c.status}")
            srv.send('{"id":"1"}')
            check(c.next_event() is not None, "no event delivered during the flood")
            # Idle and half-sent connections are closed by the server after the idle timeout.
            check(all_closed_by_server(socks, timeout=6),
                  "flood connections still open 6 s after a 1 s idle timeout")
            m = srv.wait_metric("sse_connections", lambda v: v <= 2, timeout=5)
            check(m.get("sse_clients") == 1, f"the event stream was cut with the flood: {m}")
        finally:
            for s in socks:
                s.close()


def test_header_count_and_body_floods():
    with Server() as srv:
        many = "".join(f"X-{i}: y\r\n" for i in range(3000))  # small headers, many of them
        status, _, _ = http_get(srv.port, None, raw_request=(
            f"GET /healthz HTTP/1.1\r\nHost: x\r\n{many}\r\n"))
        check(status == 431, f"3000 headers -> {status}, expected 431")
        status, _, _ = http_get(srv.port, "/" + "a" * 20000)
        check(status == 431, f"20 kB request target -> {status}, expected 431")
        # A huge declared body is refused without being read.
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        s.sendall(b"POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n"
                  + b"z" * 65536)
        t0 = time.time()
        data = b""
        try:
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except (ConnectionResetError, socket.timeout):
            pass
        s.close()
        check(data.startswith(b"HTTP/1.1 413") and time.time() - t0 < 3,
              f"1 GB body -> {data[:40]!r}, expected 413 and a close")
        check(http_get(srv.port, "/healthz")[0] == 200, "server unhealthy after the floods")


def test_pipelined_request_flood():
    with Server() as srv:
        n = 2000
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" * n)
        s.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        answered = data.count(b"HTTP/1.1 200 OK")
        check(answered == n, f"{answered} of {n} pipelined requests answered")


def test_token_not_in_proc_or_metrics():
    token = "tok-" + os.urandom(8).hex()
    with tempfile.NamedTemporaryFile("w", delete=False) as f:
        f.write(token + "\n")
    try:
        with Server("--token-file", f.name, "-v", "-v") as srv:
            with open(f"/proc/{srv.proc.pid}/cmdline", "rb") as c:
                check(token.encode() not in c.read(), "the token is in /proc/<pid>/cmdline")
            with open(f"/proc/{srv.proc.pid}/environ", "rb") as c:
                check(token.encode() not in c.read(), "the token is in /proc/<pid>/environ")
            ok = SSEClient(srv.port, query="token=" + token)
            check(ok.status == 200, f"token= not accepted: {ok.status}")
            status, _, body = http_get(srv.port, "/metrics")
            check(status == 200 and token.encode() not in body, "the token is in /metrics")
            status, h, body = http_get(srv.port, "/events?token=wrong")
            check(status == 401 and token.encode() not in body and
                  all(token not in v for v in h.values()), "a 401 answer gives the token away")
            srv.stop()
            check(token not in srv.stderr_rest(), "the token is on stderr at debug verbosity")
    finally:
        os.unlink(f.name)


def test_no_open_redirect():
    """A directory without its final "/" is redirected on this origin: "//assets" is the folder
    "assets", and "Location: //assets/" would send a browser to the host "assets"."""
    with tempfile.TemporaryDirectory() as web:
        os.mkdir(os.path.join(web, "assets"))
        with open(os.path.join(web, "assets", "index.html"), "w") as f:
            f.write("assets")
        with Server("--web", web) as srv:
            for target in ("/assets", "//assets", "///assets", "//assets?x=1"):
                status, h, _ = http_get(srv.port, target)
                loc = h.get("location", "")
                check(status == 301 and loc.startswith("/assets/") and not loc.startswith("//"),
                      f"GET {target}: {status} Location: {loc!r}")


TESTS = [(name, fn) for name, fn in globals().items() if name.startswith("test_")]

if __name__ == "__main__":
    run_tests(TESTS, set(sys.argv[1:]))
