"""sse-serve with real clients: 1,000 concurrent asyncio clients, curl -N, Chromium EventSource."""

import asyncio
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

from sselib import Server, check, run_tests, seq_of, tweet


def raise_fd_limit(want):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


async def one_client(port, n_events, ready, results, idx):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if b" 200 " not in head.split(b"\r\n")[0]:
        results[idx] = f"status line {head.split(chr(13).encode())[0]!r}"
        ready.release()
        return
    ready.release()
    seqs = []
    while len(seqs) < n_events:
        block = await reader.readuntil(b"\n\n")
        for line in block.split(b"\n"):
            if line.startswith(b"id: "):
                seqs.append(seq_of(line[4:].decode())[1])
    results[idx] = seqs
    writer.close()


def test_thousand_concurrent_clients():
    n_clients, n_events = 1000, 50
    limit = raise_fd_limit(n_clients * 2 + 200)
    check(limit >= n_clients + 100, f"cannot raise the fd limit (got {limit})")
    with Server("--heartbeat", "0") as srv:
        results = [None] * n_clients

        async def main():
            ready = asyncio.Semaphore(0)
            tasks = [asyncio.create_task(one_client(srv.port, n_events, ready, results, i))
                     for i in range(n_clients)]
            for _ in range(n_clients):
                await asyncio.wait_for(ready.acquire(), 30)
            await asyncio.get_running_loop().run_in_executor(
                None, lambda: srv.wait_metric("sse_clients", lambda v: v == n_clients, 30))
            t0 = time.time()
            srv.send(*[tweet(i) for i in range(1, n_events + 1)])
            await asyncio.wait_for(asyncio.gather(*tasks), 60)
            return time.time() - t0

        elapsed = asyncio.run(main())
        bad = [(i, r) for i, r in enumerate(results) if r != list(range(1, n_events + 1))]
        check(not bad, f"{len(bad)} clients got wrong events, e.g. {bad[:2]}")
        m = srv.metrics()
        check(m["sse_events_out_total"] == n_clients * n_events,
              f"events_out {m['sse_events_out_total']}")
        print(f"  {n_clients} clients x {n_events} events delivered in {elapsed:.2f}s")


def test_curl_no_buffer():
    if not shutil.which("curl"):
        print("skipped: no curl")
        return
    with Server() as srv:
        p = subprocess.Popen(["curl", "-sN", "--max-time", "10",
                              f"http://127.0.0.1:{srv.port}/events?types=tweet"],
                             stdout=subprocess.PIPE)
        srv.wait_metric("sse_clients", lambda v: v == 1)
        srv.send(tweet(1), {"type": "trends"}, tweet(2))
        lines = []
        while len([l for l in lines if l.startswith(b"data: ")]) < 2:
            line = p.stdout.readline()
            check(line, f"curl ended early: {lines}")
            lines.append(line)
        p.kill()
        p.wait()
        text = b"".join(lines).decode()
        check("event: tweet\nid: " in text and '"id":"2"' in text, f"curl saw {text!r}")
        check("trends" not in text, "types=tweet filter not applied for curl")


CHROMIUM_PAGE = """<!doctype html><meta charset=utf-8><title>sse</title>
<div id=out>waiting</div><script src=check.js></script>"""
CHROMIUM_JS = """
const got = [];
const es = new EventSource('/events?since=60');
es.addEventListener('tweet', (e) => {
  got.push(e.lastEventId + '=' + JSON.parse(e.data).id);
  if (got.length === 3) {
    document.getElementById('out').textContent = 'RESULT ' + got.join(',');
    es.close();
  }
});
es.onerror = () => { document.getElementById('out').textContent = 'ERROR ' + es.readyState; };
"""


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def test_chromium_eventsource():
    chromium = find_chromium()
    if not chromium:
        print("skipped: no chromium")
        return
    d = tempfile.mkdtemp(prefix="sse-chromium-")
    try:
        with open(os.path.join(d, "index.html"), "w") as f:
            f.write(CHROMIUM_PAGE)
        with open(os.path.join(d, "check.js"), "w") as f:
            f.write(CHROMIUM_JS)
        with Server("--web", d) as srv:
            srv.send(tweet(1), tweet(2), tweet(3))
            srv.wait_metric("sse_history_events", lambda v: v == 3)
            p = subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 f"--user-data-dir={d}/profile", "--virtual-time-budget=5000", "--dump-dom",
                 f"http://127.0.0.1:{srv.port}/"],
                capture_output=True, timeout=60)
            dom = p.stdout.decode(errors="replace")
            check("RESULT" in dom, f"EventSource did not report (CSP or stream problem): "
                  f"{dom[-300:]!r} {p.stderr.decode(errors='replace')[-300:]}")
            result = dom.split("RESULT ", 1)[1].split("<", 1)[0]
            ids = [x.split("=") for x in result.split(",")]
            check([x[1] for x in ids] == ["1", "2", "3"], f"chromium got {result}")
            check(all(seq_of(x[0])[1] == i + 1 for i, x in enumerate(ids)),
                  f"lastEventId not set from id: {result}")
    finally:
        shutil.rmtree(d, ignore_errors=True)


TESTS = [(n, f) for n, f in sorted(globals().items()) if n.startswith("test_")]

if __name__ == "__main__":
    run_tests(TESTS, sys.argv[1:])
