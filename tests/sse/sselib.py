"""Test helpers for sse-serve: start a server, talk raw HTTP, parse Server-Sent Events.

Standard library only (socket, subprocess, asyncio), so the tests need nothing but python3.
"""

import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time

BIN = os.environ.get("TWEETMAP_BIN") or os.path.join(
    os.path.dirname(__file__), "..", "..", "build", "bin")
SSE_SERVE = os.path.join(BIN, "sse-serve")


class TestFailure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise TestFailure(msg)


class Server:
    """An sse-serve process reading events from a pipe we write to."""

    def __init__(self, *args, stdin_data=None, env=None, wait=True):
        self.args = [SSE_SERVE, "--listen", "127.0.0.1:0", *args]
        self.proc = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        self.stderr_lines = []
        self.port = None
        if wait:
            self._wait_listening()

    def _wait_listening(self, timeout=10):
        deadline = time.time() + timeout
        buf = b""
        fd = self.proc.stderr.fileno()
        while time.time() < deadline:
            r, _, _ = select.select([fd], [], [], 0.2)
            if not r:
                if self.proc.poll() is not None:
                    break
                continue
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            buf += chunk
            m = re.search(rb"listening on http://127\.0\.0\.1:(\d+)/", buf)
            if m:
                self.port = int(m.group(1))
                self.stderr_lines = buf.decode(errors="replace").splitlines()
                return
        raise TestFailure("sse-serve did not report its address: " + buf.decode(errors="replace"))

    def send(self, *lines):
        for line in lines:
            if isinstance(line, (dict, list)):
                line = json.dumps(line, separators=(",", ":"))
            self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def close_input(self):
        self.proc.stdin.close()

    def stderr_rest(self, timeout=5):
        """Everything on stderr until the process ends (call after it was asked to stop)."""
        try:
            _, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return "\n".join(self.stderr_lines) + "\n" + err.decode(errors="replace")

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise TestFailure(f"sse-serve did not stop within {timeout}s of signal {sig}")
        return self.proc.returncode

    def metrics(self):
        status, _, body = http_get(self.port, "/metrics")
        check(status == 200, f"/metrics answered {status}")
        out = {}
        for line in body.decode().splitlines():
            if line and not line.startswith("#"):
                name, value = line.split()
                out[name] = float(value)
        return out

    def wait_metric(self, name, pred, timeout=10):
        deadline = time.time() + timeout
        m = {}
        while time.time() < deadline:
            m = self.metrics()
            if pred(m.get(name, 0)):
                return m
            time.sleep(0.05)
        raise TestFailure(f"metric {name} never reached the expected value (last {m.get(name)})")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except Exception:
                pass


def http_get(port, target, headers=None, method="GET", timeout=10, raw_request=None):
    """One request on a fresh connection (target sent verbatim). Returns (status, headers, body)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        if raw_request is None:
            hdrs = {"Host": f"127.0.0.1:{port}", "Connection": "close"}
            hdrs.update(headers or {})
            raw_request = f"{method} {target} HTTP/1.1\r\n" + "".join(
                f"{k}: {v}\r\n" for k, v in hdrs.items()) + "\r\n"
        s.sendall(raw_request.encode() if isinstance(raw_request, str) else raw_request)
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    finally:
        s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode(errors="replace").split("\r\n")
    if not lines or not lines[0].startswith("HTTP/1."):
        return 0, {}, data
    status = int(lines[0].split()[1])
    hdrs = {}
    for l in lines[1:]:
        k, _, v = l.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    if "content-length" in hdrs and method != "HEAD":
        body = body[:int(hdrs["content-length"])]
    return status, hdrs, body


class SSEClient:
    """A blocking event-stream client over a raw socket, parsing the stream strictly."""

    def __init__(self, port, query="", headers=None, timeout=10, rcvbuf=None, path="/events"):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(timeout)
        self.sock.connect(("127.0.0.1", port))
        target = path + ("?" + query if query else "")
        hdrs = {"Host": f"127.0.0.1:{port}", "Accept": "text/event-stream"}
        hdrs.update(headers or {})
        req = f"GET {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdrs.items())
        self.sock.sendall((req + "\r\n").encode())
        self.buf = b""
        self.closed = False
        self.status, self.headers = self._read_head()

    def _fill(self, timeout):
        self.sock.settimeout(timeout)
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            return False
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            self.closed = True
            return False
        self.buf += chunk
        return True

    def _read_head(self):
        deadline = time.time() + 10
        while b"\r\n\r\n" not in self.buf:
            if not self._fill(max(0.01, deadline - time.time())):
                raise TestFailure("no HTTP response head from /events")
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        status = int(lines[0].split()[1])
        hdrs = {}
        for l in lines[1:]:
            k, _, v = l.partition(":")
            hdrs[k.strip().lower()] = v.strip()
        return status, hdrs

    def next_block(self, timeout=5):
        """The next raw block (up to a blank line), parsed; None on timeout or close."""
        deadline = time.time() + timeout
        while b"\n\n" not in self.buf:
            left = deadline - time.time()
            if left <= 0 or self.closed or not self._fill(left):
                return None
        raw, _, self.buf = self.buf.partition(b"\n\n")
        block = {"comments": [], "raw": raw}
        for line in raw.decode().split("\n"):
            check("\r" not in line, f"carriage return inside a frame: {raw!r}")
            if line.startswith(":"):
                block["comments"].append(line[1:].strip())
                continue
            field, sep, value = line.partition(":")
            check(sep == ":", f"frame line without a field name: {line!r}")
            check(field in ("event", "id", "data", "retry"), f"unknown SSE field {field!r}")
            if value.startswith(" "):
                value = value[1:]
            if field == "data" and "data" in block:
                block["data"] += "\n" + value
            else:
                check(field not in block, f"field {field} twice in one frame: {raw!r}")
                block[field] = value
        return block

    def next_event(self, timeout=5):
        """The next block that is an event (skipping comments and retry-only blocks)."""
        deadline = time.time() + timeout
        while True:
            b = self.next_block(max(0.0, deadline - time.time()))
            if b is None:
                return None
            if "data" in b or "event" in b:
                return b

    def events(self, n, timeout=10):
        out = []
        deadline = time.time() + timeout
        while len(out) < n:
            e = self.next_event(max(0.0, deadline - time.time()))
            if e is None:
                raise TestFailure(f"expected {n} events, got {len(out)}: "
                                  f"{[x.get('id') for x in out]}")
            out.append(e)
        return out

    def no_event(self, timeout=0.5):
        e = self.next_event(timeout)
        check(e is None, f"unexpected event {e}")

    def close(self):
        self.sock.close()


def seq_of(event_id):
    epoch, seq = event_id.split("-")
    return int(epoch), int(seq)


def tweet(i, **fields):
    rec = {"id": str(i), "ts": 1447202107010 + i, "text": f"post number {i}", "src": "synth"}
    rec.update(fields)
    return rec


def run_tests(tests, selected=None):
    failed = 0
    for name, fn in tests:
        if selected and name not in selected:
            continue
        t0 = time.time()
        try:
            fn()
            print(f"ok   {name} ({time.time() - t0:.1f}s)", flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported
            failed += 1
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
    if failed:
        print(f"{failed} failed", flush=True)
        sys.exit(1)
