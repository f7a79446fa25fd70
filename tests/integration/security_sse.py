"""Security checks of sse-serve that its own suites (tests/sse) do not make: connection and
half-open request floods, header-count and body floods, pipelined request floods, and the access
token staying out of /proc/<pid>/cmdline and /metrics, no open redirect, memory bounded against
clients that never read static files, and the non-event connection limit. See docs/SECURITY.md."""

import os
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sse"))
from sselib import Server, SSEClient, TestFailure, check, http_get, run_tests  # noqa: E402

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


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise TestFailure("no VmRSS")


def settled(srv, name="sse_bytes_out_total", quiet=0.3, timeout=20):
    """Waits until metric `name` stops moving for `quiet` seconds; returns the last metrics."""
    deadline = time.time() + timeout
    last, since = None, time.time()
    while time.time() < deadline:
        m = srv.metrics()
        if m.get(name) != last:
            last, since = m.get(name), time.time()
        elif time.time() - since >= quiet:
            return m
        time.sleep(0.05)
    return srv.metrics()


def stalled_get(port, target, rcvbuf=4096):
    """Sends GET target and never reads (a tiny receive window)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(10)
    s.connect(("127.0.0.1", port))
    s.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    return s


def make_file(path, mb):
    block = os.urandom(1 << 20)
    with open(path, "wb") as f:
        for _ in range(mb):
            f.write(block)


def read_whole(port, target):
    """GET target, read the whole answer; returns (status, headers, body length)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    s.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    n = len(body)
    while True:
        chunk = s.recv(1 << 20)
        if not chunk:
            break
        n += len(chunk)
    s.close()
    lines = head.decode(errors="replace").split("\r\n")
    hdrs = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
    return int(lines[0].split()[1]), hdrs, n


STATIC_CLIENTS = int(os.environ.get("SSE_STATIC_CLIENTS", "1000"))


def test_static_files_memory_bounded():
    """1,000 clients of a 60 MB file that never read: the server's RSS grows by less than 100 MB
    (it held a copy of the file per answer: 20 such clients took 1.2 GB). A reading client gets
    the whole file, and a file over 64 MiB is served too."""
    with tempfile.TemporaryDirectory() as web:
        make_file(os.path.join(web, "big.bin"), 60)
        make_file(os.path.join(web, "huge.bin"), 70)
        with Server("--web", web, "--max-connections", str(STATIC_CLIENTS + 50)) as srv:
            base = rss_mb(srv.proc.pid)
            socks = []
            try:
                for i in range(STATIC_CLIENTS):
                    socks.append(stalled_get(srv.port, "/big.bin"))
                    if i % 5 == 4:  # stop early rather than exhaust the machine
                        grown = rss_mb(srv.proc.pid) - base
                        check(grown < 100, f"RSS grew {grown:.0f} MB with {i + 1} stalled clients "
                                           "of a 60 MB file")
                srv.wait_metric("sse_http_requests_total", lambda v: v >= STATIC_CLIENTS,
                                timeout=30)
                settled(srv, "sse_http_requests_total")
                grown = rss_mb(srv.proc.pid) - base
                print(f"     RSS +{grown:.1f} MB with {STATIC_CLIENTS} stalled clients of 60 MB")
                check(grown < 100, f"RSS grew {grown:.0f} MB with {STATIC_CLIENTS} stalled "
                                   "clients of a 60 MB file")
                status, h, n = read_whole(srv.port, "/big.bin")
                check(status == 200 and n == 60 << 20 and h.get("content-length") == str(n),
                      f"a reading client of big.bin: {status}, {n} bytes, {h}")
            finally:
                for s in socks:
                    s.close()
            status, h, n = read_whole(srv.port, "/huge.bin")
            check(status == 200 and n == 70 << 20, f"a 70 MB file: {status}, {n} bytes")


def test_connection_limit_503():
    """Past --max-connections non-event connections, requests get 503 with Retry-After; an event
    stream is not refused by it; a freed slot serves again."""
    with tempfile.TemporaryDirectory() as web:
        make_file(os.path.join(web, "big.bin"), 8)
        with Server("--web", web, "--max-connections", "20") as srv:
            held = [stalled_get(srv.port, "/big.bin") for _ in range(20)]
            try:
                for s in held:  # each got its answer's head: it holds a slot
                    check(s.recv(12) == b"HTTP/1.1 200", "a held client was not answered 200")
                status, h, body = http_get(srv.port, "/big.bin")
                check(status == 503 and h.get("retry-after", "").isdigit(),
                      f"request over the limit: {status} {h}")
                status, _, _ = http_get(srv.port, "/healthz")
                check(status == 503, f"/healthz over the limit: {status}")
                c = SSEClient(srv.port)
                check(c.status == 200, f"an event stream over the connection limit: {c.status}")
                c.close()
            finally:
                for s in held[:5]:
                    s.close()
            deadline = time.time() + 5
            status = 0
            while time.time() < deadline and status != 200:
                status, _, _ = http_get(srv.port, "/healthz")
            check(status == 200, f"/healthz after slots were freed: {status}")
            for s in held[5:]:
                s.close()


TESTS = [(name, fn) for name, fn in globals().items() if name.startswith("test_")]

if __name__ == "__main__":
    run_tests(TESTS, set(sys.argv[1:]))
