"""sse-serve's man page: it renders, documents every option of --help, and its EXAMPLES run."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from sselib import BIN, SSE_SERVE, check, run_tests, tweet

ROOT = os.environ.get("TWEETMAP_ROOT") or os.path.join(os.path.dirname(__file__), "..", "..")
PAGE = os.path.join(ROOT, "man", "sse-serve.1.scd")


def examples():
    """The commands of the EXAMPLES section (tab-indented lines, continuations joined)."""
    text = open(PAGE, encoding="utf-8").read()
    section = text.split("# EXAMPLES", 1)[1].split("\n# ", 1)[0]
    cmds, cur = [], []
    for line in section.split("\n"):
        if line.startswith("\t"):
            cur.append(line[1:])
        elif cur:
            cmds.append(" ".join(l.rstrip("\\").strip() for l in cur).replace("\\\\", "\\"))
            cur = []
    if cur:
        cmds.append(" ".join(l.rstrip("\\").strip() for l in cur))
    return cmds


def test_renders_and_documents_every_option():
    if not shutil.which("scdoc"):
        print("skipped: no scdoc")
        return
    with open(PAGE, "rb") as f:
        p = subprocess.run(["scdoc"], stdin=f, capture_output=True)
    check(p.returncode == 0, f"scdoc failed: {p.stderr.decode()}")
    page = open(PAGE, encoding="utf-8").read()
    helptext = subprocess.run([SSE_SERVE, "--help"], capture_output=True, text=True).stdout
    options = set(re.findall(r"(--[a-z][a-z-]+)", helptext))
    check(len(options) > 15, f"few options in --help: {options}")
    for opt in sorted(options):
        check(f"*{opt}" in page or f"{opt}*" in page, f"{opt} is not documented in the man page")
    for section in ("# EXIT STATUS", "# ENVIRONMENT", "# EXAMPLES", "# PROTOCOL"):
        check(section in page, f"missing section {section}")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, proc, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def run_shell(cmd, env, timeout):
    # A trapped TERM waits for the pipeline in the foreground: stop()'s killpg ends the pipeline,
    # and the shell exits (and proc.wait() returns) only once every part of it has.
    return subprocess.Popen(["bash", "-o", "pipefail", "-c", "trap 'exit 143' TERM\n" + cmd],
                            env=env, cwd=tmp,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, 15)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait()


def gone(proc, port):
    """Whether nothing of the shell's process group is left and nothing listens on the port."""
    try:
        os.killpg(proc.pid, 0)
        return False
    except ProcessLookupError:
        pass
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return False
    except OSError:
        return True


tmp = None


def test_a_stopped_example_leaves_the_port():
    """The examples run one after another on one port: stop() returns only when the pipeline it
    stopped has ended, or the next server finds the port taken (and its events go nowhere)."""
    global tmp
    if not all(os.path.exists(os.path.join(BIN, t)) for t in ("tweet-stream", "tweet-trends")):
        print("  skipped: tweet-stream/tweet-trends not built")
        return
    tmp = tempfile.mkdtemp(prefix="sse-man-")
    try:
        env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"])
        os.makedirs(os.path.join(tmp, "web", "dist"))
        for _ in range(3):
            port = free_port()
            p = run_shell(examples()[0], dict(env, SSE_SERVE_LISTEN=f"127.0.0.1:{port}"), 20)
            try:
                check(wait_port(port, p), "example 1 did not listen")
            finally:
                stop(p)
            check(gone(p, port), "stop() returned while the pipeline still ran or listened")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_examples_run():
    global tmp
    cmds = examples()
    check(len(cmds) == 7, f"expected 7 examples, found {len(cmds)}: {cmds}")
    tmp = tempfile.mkdtemp(prefix="sse-man-")
    try:
        env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"])
        os.makedirs(os.path.join(tmp, "web", "dist"))
        with open(os.path.join(tmp, "web", "dist", "index.html"), "w") as f:
            f.write("<title>map</title>")
        port = free_port()
        local = f"127.0.0.1:{port}"

        # 1: the smallest pipeline (needs tweet-stream and tweet-trends).
        if all(os.path.exists(os.path.join(BIN, t)) for t in ("tweet-stream", "tweet-trends")):
            p = run_shell(cmds[0], dict(env, SSE_SERVE_LISTEN=local), 20)
            try:
                check(wait_port(port, p), f"example 1 did not listen: {cmds[0]}")
                out = subprocess.run(["curl", "-sN", "--max-time", "3",
                                      f"http://{local}/events"], capture_output=True).stdout
                check(b"event: tweet" in out, f"example 1 streams no posts: {out[:200]!r}")
                page = subprocess.run(["curl", "-s", f"http://{local}/"],
                                      capture_output=True).stdout
                check(b"<title>map</title>" in page, "example 1 does not serve the page")
            finally:
                stop(p)
        else:
            print("  example 1 skipped: tweet-stream/tweet-trends not built")

        # 2, 3 and 6: curl against a server fed with posts and trends.
        srv = subprocess.Popen([SSE_SERVE, "--listen", local], stdin=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
        try:
            check(wait_port(port, srv), "server for examples 2-3 did not start")
            lines = [tweet(1, text="earthquake near Tokyo", lat=35.7, lon=139.7, geo="point"),
                     {"type": "trends", "global": []}, tweet(2, text="sunny", lat=1, lon=1),
                     {"type": "trends", "ts": 1, "window": 300, "scopes": [{"scope": "global", "trends": [
                         {"term": "#地震", "count": 9, "expected": 0.1, "score": 8,
                          "cells": [{"cell": "xn7", "count": 9, "center": [139.7, 35.7]}]}]}]}]
            srv.stdin.write("".join(json.dumps(l) + "\n" for l in lines).encode())
            srv.stdin.flush()
            deadline = time.time() + 10
            while b"sse_events_in_total 4" not in subprocess.run(
                    ["curl", "-s", f"http://{local}/metrics"], capture_output=True).stdout:
                check(srv.poll() is None, f"the server for examples 2-3 exited ({srv.returncode})")
                check(time.time() < deadline, "examples 2-3: the events never arrived")
                time.sleep(0.05)
            c2 = cmds[1].replace("127.0.0.1:8080", local).replace("curl -N", "curl -sN --max-time 2")
            out = subprocess.run(["bash", "-c", c2], capture_output=True).stdout.decode()
            check("event: trends" in out and "event: tweet" not in out, f"example 2: {out!r}")
            c3 = cmds[2].replace("127.0.0.1:8080", local).replace("curl -N", "curl -sN --max-time 2")
            c3 = c3.replace("1700000000000-42", "1-1")
            out = subprocess.run(["bash", "-c", c3], capture_output=True).stdout.decode()
            check("event: reset" in out, f"example 3 should reset (other epoch): {out!r}")
            c6 = cmds[5].replace("127.0.0.1:8080", local).replace("curl ", "curl -s ", 1)
            out = subprocess.run(["bash", "-c", c6], capture_output=True).stdout.decode()
            trends = json.loads(out).get("trends", []) if out.startswith("{") else []
            check([t.get("term") for t in trends] == ["#地震"], f"example 6: {out!r}")
            # 7: /history of the minute an hour ago holds the post written with that ts.
            old_post = tweet(3, text="an hour ago")
            old_post["ts"] = int((time.time() - 3630) * 1000)
            srv.stdin.write((json.dumps(old_post) + "\n").encode())
            srv.stdin.flush()
            c7 = cmds[6].replace("127.0.0.1:8080", local).replace("curl ", "curl -s ", 1)
            deadline = time.time() + 10
            while True:
                out = subprocess.run(["bash", "-c", c7], capture_output=True).stdout.decode()
                if "an hour ago" in out:
                    break
                check(time.time() < deadline, f"example 7: {out!r}")
                time.sleep(0.05)
            check("sunny" not in out, f"example 7 gives posts of now too: {out!r}")
        finally:
            srv.kill()
            srv.wait()

        # 4: a recorded file with a token, exiting at the end.
        with open(os.path.join(tmp, "posts.ndjson"), "w") as f:
            f.write(json.dumps(tweet(1)) + "\n")
        with open(os.path.join(tmp, "token"), "w") as f:
            f.write("example-token\n")
        c4 = cmds[3].replace("0.0.0.0:8080", "127.0.0.1:0").replace("/etc/tweetmap/token", "token")
        p = subprocess.run(["bash", "-c", c4], cwd=tmp, env=env, capture_output=True, timeout=20)
        check(p.returncode == 0 and b"listening on" in p.stderr,
              f"example 4: exit {p.returncode} {p.stderr!r}")

        # 5: the Kafka stage is replaced by a file (the broker is tested elsewhere).
        c5 = re.sub(r"^kafka-sub [^|]*\|", "cat posts.ndjson |", cmds[4])
        p = run_shell(c5, dict(env, SSE_SERVE_LISTEN=local), 20)
        try:
            check(wait_port(port, p), f"example 5 did not listen: {c5}")
            m = subprocess.run(["curl", "-s", f"http://{local}/metrics"],
                               capture_output=True).stdout.decode()
            check("sse_events_in_total 1" in m, f"example 5 metrics: {m[:300]}")
        finally:
            stop(p)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


TESTS = [(n, f) for n, f in sorted(globals().items()) if n.startswith("test_")]

if __name__ == "__main__":
    run_tests(TESTS, sys.argv[1:])
