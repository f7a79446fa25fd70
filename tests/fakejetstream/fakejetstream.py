#!/usr/bin/python3
"""A fake Bluesky Jetstream (wss://jetstream2.us-east.bsky.network/subscribe) for the tests.

It speaks Jetstream's protocol over a real WebSocket server (Debian's python3-websockets):
GET /subscribe?wantedCollections=NSID&...&cursor=US upgrades to a WebSocket that carries one JSON
event per text message ({"did","time_us","kind":"commit"|"identity"|"account",...}).
- `cursor` (microseconds) replays the stored events with time_us >= cursor; without it a
  connection is "live": it starts with the first event no earlier connection sent.
- `wantedCollections` (repeated) keeps only commits of those collections; identity and account
  events always pass, as on Jetstream.

What each connection does comes from a scenario (--scenario FILE, JSON):
  {"connections": [CONN, CONN, ...], "then": CONN,   (connection n uses connections[n], or then)
   "ignore_wanted": true}             (send every collection, as a server that ignores the filter)
  CONN = {"reject": 503}              answer the upgrade with that HTTP status
       | {"noupgrade": true}          accept TCP, read the request, never answer
       | {"send": N,                  send at most N events (default: all there are)
          "interval": S,              seconds between events (default 0)
          "hostile_at": K,            after K events, send the "hostile" frames:
          "hostile": [{"binary": BYTES} | {"huge": BYTES} | {"badutf8": true}
                      | {"pings": COUNT}],
          "after": "drop" | "close" | "hold" | "stay",   what follows (default "stay")
          "close_code": 1011, "close_reason": "..."}
    drop: the TCP connection is cut (no close frame); close: a close frame with the code and
    reason; hold: open, silent (a stall), until the client goes; stay: like hold.
--tls CERT KEY serves wss:// instead of ws://.
--rate R instead generates an endless live firehose of R posts/s (the memory measurement).

Every connection is logged to --log as JSON lines: {"event":"connect","n","t","path","cursor",
"wanted","ua"}, {"event":"sent","n","count","first_time_us","last_time_us"} and
{"event":"end","n","t","how"}. The port is printed on stdout once the server listens.
"""
import argparse
import asyncio
import http
import json
import sys
import time
import urllib.parse

import websockets
import websockets.legacy.server
from websockets.frames import OP_BINARY, OP_PING, OP_TEXT


class Fake:
    def __init__(self, events, scenario, log_path, rate):
        self.events = events
        self.scenario = scenario
        self.log = open(log_path, "a", buffering=1) if log_path else None
        self.rate = rate
        self.n = 0
        self.live_index = 0  # first event no connection sent yet
        self.conn_of = {}

    def write(self, **rec):
        if self.log:
            self.log.write(json.dumps(rec) + "\n")

    def conn_spec(self, n):
        conns = self.scenario.get("connections", [])
        return conns[n] if n < len(conns) else self.scenario.get("then", {})

    async def process_request(self, ws, path, headers):
        n = self.n
        self.n += 1
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
        cursor = int(q["cursor"][0]) if "cursor" in q else None
        self.write(event="connect", n=n, t=time.time(), path=path, cursor=cursor,
                   wanted=q.get("wantedCollections", []), ua=headers.get("User-Agent", ""))
        spec = self.conn_spec(n)
        ws.fake_state = (n, cursor, q.get("wantedCollections", []), spec)
        if spec.get("noupgrade"):
            self.write(event="end", n=n, t=time.time(), how="noupgrade")
            await asyncio.sleep(3600)
        if "reject" in spec:
            self.write(event="end", n=n, t=time.time(), how=f"reject {spec['reject']}")
            return http.HTTPStatus(spec["reject"]), [], b"refused by the fake\n"
        return None

    def selected(self, cursor, wanted):
        if cursor is not None:
            start = next((i for i, e in enumerate(self.events) if e.get("time_us", 0) >= cursor),
                         len(self.events))
        else:
            start = self.live_index
        for i in range(start, len(self.events)):
            e = self.events[i]
            if wanted and not self.scenario.get("ignore_wanted") and e.get("kind") == "commit" and e["commit"].get("collection") not in wanted:
                continue
            yield i, e

    async def hostile(self, ws, frames):
        for f in frames:
            if "binary" in f:
                await ws.send(b"\x28\xb5\x2f\xfd" + b"\0" * max(0, f["binary"] - 4))
            elif "huge" in f:
                size = f["huge"]
                chunk = "x" * (1 << 20)

                def parts():
                    yield '{"did":"did:plc:huge","time_us":1,"kind":"commit","pad":"'
                    left = size
                    while left > 0:
                        yield chunk[: min(left, len(chunk))]
                        left -= len(chunk)
                    yield '"}'
                await ws.send(parts())
            elif "badutf8" in f:
                await ws.write_frame(True, OP_TEXT, b'{"did":"did:plc:bad\xff\xfe","kind":"x"}')
            elif "pings" in f:
                for i in range(f["pings"]):
                    await ws.write_frame(True, OP_PING, b"%d" % i)

    async def handler(self, ws, path=None):
        n, cursor, wanted, spec = ws.fake_state
        how = "client"
        sent, first, last = 0, None, None
        try:
            if self.rate:
                await self.firehose(ws)
                return
            limit = spec.get("send")
            hostile_at = spec.get("hostile_at", -1)
            for i, e in self.selected(cursor, wanted):
                if limit is not None and sent >= limit:
                    break
                if sent == hostile_at:
                    await self.hostile(ws, spec.get("hostile", []))
                await ws.send(json.dumps(e, separators=(",", ":"), ensure_ascii=False))
                sent += 1
                first = e.get("time_us") if first is None else first
                last = e.get("time_us")
                self.live_index = max(self.live_index, i + 1)
                if spec.get("interval"):
                    await asyncio.sleep(spec["interval"])
            if sent == hostile_at and (limit is None or sent < limit or hostile_at == limit):
                await self.hostile(ws, spec.get("hostile", []))
            after = spec.get("after", "stay")
            how = after
            if after == "drop":
                # What was sent reaches the client first: only then the cut, no close frame.
                while ws.transport.get_write_buffer_size() > 0:
                    await asyncio.sleep(0.005)
                ws.transport.abort()
            elif after == "close":
                await ws.close(code=spec.get("close_code", 1011), reason=spec.get("close_reason", ""))
            else:
                await ws.wait_closed()
                how = f"{after}, then the client left"
        except websockets.ConnectionClosed:
            how = "client closed"
        finally:
            self.write(event="sent", n=n, count=sent, first_time_us=first, last_time_us=last)
            self.write(event="end", n=n, t=time.time(), how=how)

    async def firehose(self, ws):
        """An endless live stream of self.rate posts a second, sent every 10 ms."""
        seq = 0
        t0 = time.monotonic()
        while True:
            due = int((time.monotonic() - t0) * self.rate)
            now_us = int(time.time() * 1e6)
            while seq < due:
                seq += 1
                await ws.send(post_event(f"did:plc:fire{seq % 997}", f"r{seq}", now_us + seq % 1000,
                                         f"post {seq} #tag{seq % 50} hello world", ["en"]))
            await asyncio.sleep(0.01)


def post_event(did, rkey, time_us, text, langs):
    return json.dumps({"did": did, "time_us": time_us, "kind": "commit", "commit": {
        "rev": "3l3qo2vutsw2b", "operation": "create", "collection": "app.bsky.feed.post",
        "rkey": rkey, "record": {"$type": "app.bsky.feed.post",
                                 "createdAt": time.strftime("%Y-%m-%dT%H:%M:%S.000Z",
                                                            time.gmtime(time_us / 1e6)),
                                 "langs": langs, "text": text},
        "cid": "bafyreidwaivazkwu67xztlmuobx35hs2lnfh3kolmgfmucldvhd3sgzcqi"}},
        separators=(",", ":"))


async def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", help="JSON lines of Jetstream events (time_us ascending)")
    ap.add_argument("--scenario", help="what each connection does (see the module docstring)")
    ap.add_argument("--log", help="append the connection log here")
    ap.add_argument("--rate", type=float, default=0, help="an endless firehose of R posts/s")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), help="serve wss:// with this certificate")
    a = ap.parse_args(argv)
    events = [json.loads(l) for l in open(a.events, encoding="utf-8")] if a.events else []
    scenario = json.load(open(a.scenario)) if a.scenario else {}
    fake = Fake(events, scenario, a.log, a.rate)

    class Protocol(websockets.legacy.server.WebSocketServerProtocol):
        async def process_request(self, path, headers):
            return await fake.process_request(self, path, headers)

    tls = None
    if a.tls:
        import ssl
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(a.tls[0], a.tls[1])
    async with websockets.legacy.server.serve(
            fake.handler, "127.0.0.1", a.port, create_protocol=Protocol, ssl=tls,
            ping_interval=None, max_size=1 << 20, compression=None) as server:
        port = server.sockets[0].getsockname()[1]
        print(port, flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main(sys.argv[1:]))
    except KeyboardInterrupt:
        pass
