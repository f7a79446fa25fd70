"""Security checks of sse-serve that its own suites (tests/sse) do not make: connection and
half-open request floods, header-count and body floods, pipelined request floods, and the access
token staying out of /proc/<pid>/cmdline and /metrics, no open redirect, memory bounded against
clients that never read (static files, since= replay), the non-event connection limit, and closes
that end on a frame boundary. See docs/SECURITY.md."""

import json
import os
import signal
import socket
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sse"))
from sselib import Server, SSEClient, TestFailure, check, http_get, run_tests, seq_of  # noqa: E402

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


def fill_history(srv, n, size):
    pad = "x" * size
    for start in range(1, n + 1, 500):
        srv.send(*[json.dumps({"id": str(i), "text": pad}) for i in
                   range(start, min(n, start + 499) + 1)])
    srv.wait_metric("sse_history_events", lambda v: v >= n, timeout=20)


REPLAY_CLIENTS = 300


def test_since_replay_bounded():
    """300 clients that ask for since= and never read: each holds at most its --client-buffer
    (counted in sse_queued_bytes), RSS stays bounded. Before, each queued the whole history."""
    with Server("--client-buffer", "64KiB", "--max-clients", "1000") as srv:
        fill_history(srv, 10000, 1000)  # about 10 MB of history
        base = rss_mb(srv.proc.pid)
        socks = []
        try:
            for _ in range(REPLAY_CLIENTS):
                socks.append(stalled_get(srv.port, "/events?since=3600"))
            srv.wait_metric("sse_clients", lambda v: v >= REPLAY_CLIENTS)
            m = settled(srv)
            grown = rss_mb(srv.proc.pid) - base
            print(f"     RSS +{grown:.1f} MB, sse_queued_bytes {m['sse_queued_bytes']:.0f}, "
                  f"max {m['sse_max_client_lag_bytes']:.0f} with {REPLAY_CLIENTS} clients")
            bound = 64 * 1024 + 2048
            check(m["sse_max_client_lag_bytes"] <= bound,
                  f"a non-reading since= client queues {m['sse_max_client_lag_bytes']:.0f} bytes "
                  f"(--client-buffer 64KiB)")
            check(0 < m["sse_queued_bytes"] <= REPLAY_CLIENTS * bound,
                  f"sse_queued_bytes {m['sse_queued_bytes']:.0f} with {REPLAY_CLIENTS} clients")
            check(grown < 40, f"RSS grew {grown:.0f} MB with {REPLAY_CLIENTS} since= clients")
        finally:
            for s in socks:
                s.close()


class SlowReader:
    """Reads an event stream a few KiB at a time, parsing every frame's data as JSON."""

    def __init__(self, port, query="", pause=0.002):
        self.sock = stalled_get(port, "/events" + ("?" + query if query else ""))
        self.pause = pause
        self.buf = b""
        self.events = []
        self.ended = None  # "eof" or "reset"
        self.head = None

    def read_some(self, timeout=10):
        self.sock.settimeout(timeout)
        try:
            chunk = self.sock.recv(4096)
        except ConnectionResetError:
            self.ended = "reset"
            return False
        if not chunk:
            self.ended = "eof"
            return False
        self.buf += chunk
        if self.head is None and b"\r\n\r\n" in self.buf:
            self.head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        if self.head is not None:
            *frames, self.buf = self.buf.split(b"\n\n")
            for raw in frames:
                fields = dict(l.split(": ", 1) for l in raw.decode().split("\n")
                              if l and not l.startswith(":") and ": " in l)
                if "data" in fields:
                    json.loads(fields["data"])  # raises on a cut frame
                    self.events.append(fields)
        time.sleep(self.pause)  # a slow consumer, not a wait for a condition
        return True

    def read_to_end(self, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline and self.read_some():
            pass
        check(self.ended is not None, "the stream did not end")


def seqs_of(reader):
    return [seq_of(e["id"])[1] for e in reader.events if "id" in e]


def feed(srv, size, stop, n=6000, per=20):
    """Feeds events of about `size` bytes in small groups until `stop` is set (a live stream that
    keeps a slow client backlogged while its writes are under way)."""
    def run():
        for start in range(1, n + 1, per):
            if stop.is_set():
                return
            try:
                srv.send(*[json.dumps({"id": str(i), "text": "y" * (size + i % 997)})
                           for i in range(start, start + per)])
            except (BrokenPipeError, ValueError):
                return
            stop.wait(0.005)  # the input's pace, not a wait for a condition
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def test_since_replay_slow_reader_gets_everything_in_order():
    """A slow but reading since= client gets the whole history, in order, then the live events,
    with no gap, no duplicate and no lag notice, through a 16 KiB --client-buffer."""
    with Server("--client-buffer", "16KiB") as srv:
        fill_history(srv, 3000, 500)
        r = SlowReader(srv.port, "since=3600", pause=0.0005)
        for _ in range(20):
            r.read_some()
        srv.send(*[json.dumps({"id": str(i), "text": "live " * 100}) for i in range(3001, 3501)])
        deadline = time.time() + 30
        while time.time() < deadline and (not seqs_of(r) or seqs_of(r)[-1] < 3500):
            check(r.read_some(), "the stream ended early")
        seqs = [seq_of(e["id"])[1] for e in r.events if "id" in e]
        check(seqs == list(range(1, 3501)),
              f"replay then live out of order or with gaps: {len(seqs)} events, first gap near "
              f"{next((a for a, b in zip(seqs, seqs[1:]) if b != a + 1), None)}")
        check(all(e.get("event") == "tweet" for e in r.events), "a lag or reset event came")
        r.sock.close()


def test_slow_client_disconnect_ends_on_a_frame():
    """--slow-client disconnect closes a backlogged client after a whole frame: every byte it
    receives belongs to a complete event (6 slow clients, twice: a cut needs a write under way
    at the moment of the disconnect)."""
    for _ in range(2):
        # A buffer larger than any burst of the feed, --coalesce 0: the queues fill only once
        # the sockets are full and writes are under way (the case that cut a frame).
        with Server("--client-buffer", "256KiB", "--slow-client", "disconnect",
                    "--coalesce", "0") as srv:
            readers = [SlowReader(srv.port, pause=0.01) for _ in range(6)]  # about 400 KB/s
            for r in readers:
                r.read_some()
            srv.wait_metric("sse_clients", lambda v: v >= len(readers))
            errors = []

            def drain(r):
                try:
                    r.read_to_end(timeout=60)
                except Exception as e:  # noqa: BLE001 - reported below
                    errors.append(e)
            threads = [threading.Thread(target=drain, args=(r,)) for r in readers]
            for t in threads:
                t.start()
            stop = threading.Event()
            t = feed(srv, 2000, stop, per=4)  # about 2 MB/s, a few frames at a time
            for th in threads:
                th.join()
            stop.set()
            t.join()
            check(not errors, f"a client got a cut frame: {errors[:1]}")
            m = srv.metrics()
            check(m["sse_slow_disconnects_total"] >= len(readers),
                  f"{m['sse_slow_disconnects_total']:.0f} of {len(readers)} clients disconnected")
            for r in readers:
                check(len(r.events) > 0, "no event before the disconnect")
                check(r.buf == b"", f"the connection ended inside a frame: {len(r.buf)} bytes "
                                    f"of {r.buf[:60]!r}")
                check(r.ended == "eof", f"the connection ended by {r.ended}")
                r.sock.close()


def test_sigterm_ends_streams_on_a_frame():
    """SIGTERM closes a backlogged client after a whole frame."""
    with Server() as srv:
        r = SlowReader(srv.port)
        r.read_some()
        stop = threading.Event()
        t = feed(srv, 2000, stop)
        try:
            while len(r.events) < 200:
                check(r.read_some(), "the stream ended early")
            srv.proc.send_signal(signal.SIGTERM)
            r.read_to_end()
        finally:
            stop.set()
            t.join()
        check(srv.stop() == 130, "sse-serve did not exit 130 on SIGTERM")
        check(r.buf == b"", f"the stream ended inside a frame: {len(r.buf)} bytes of "
                            f"{r.buf[:60]!r}")
        check(r.ended == "eof", f"the stream ended by {r.ended}")
        r.sock.close()

TESTS = [(name, fn) for name, fn in globals().items() if name.startswith("test_")]

if __name__ == "__main__":
    run_tests(TESTS, set(sys.argv[1:]))
