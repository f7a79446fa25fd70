#!/usr/bin/env python3
"""A server that answers every connection with one short HTTP response and closes: the shape of
a reconnect storm (a stream that "connects" and ends at once).

    closing_server.py --log CONNECTIONS.log [--body TEXT] [--chunked-garbage]

Listens on 127.0.0.1 on a free port, prints the port on stdout, then serves until killed. Each
connection gets "HTTP/1.1 200 OK", "Content-Length" and the body (default "\\r\\n", one
keep-alive), then the socket is closed; with --chunked-garbage it gets a chunked response whose
chunk size is not hex instead. One line per connection ("<unix time>") is appended to the log.
"""
import argparse
import socket
import threading
import time


def serve(conn, body, garbage, log, lock):
    with conn:
        conn.settimeout(5)
        data = b""
        try:
            while b"\r\n\r\n" not in data and len(data) < 65536:
                got = conn.recv(4096)
                if not got:
                    break
                data += got
        except OSError:
            return
        with lock, open(log, "a") as f:
            f.write("%.6f\n" % time.time())
        if garbage:
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" \
                   b"Transfer-Encoding: chunked\r\n\r\n"
            out = head + b"2\r\n\r\n\r\nzz\r\n"
        else:
            out = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" \
                  b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        try:
            conn.sendall(out)
        except OSError:
            pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--log", required=True)
    ap.add_argument("--body", default="\r\n")
    ap.add_argument("--chunked-garbage", action="store_true")
    a = ap.parse_args()
    body = a.body.encode().decode("unicode_escape").encode("utf-8")
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(128)
    print(srv.getsockname()[1], flush=True)
    lock = threading.Lock()
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn, body, a.chunked_garbage, a.log, lock),
                         daemon=True).start()


if __name__ == "__main__":
    main()
