"""The original design, as a baseline for scripts/bench-sse: a Flask route that streams per request.

One generator (and one server thread) per browser, each reading the shared source and yielding
one "data:" frame per message, as the original project did with one consumer per browser. No ids,
no heartbeat, no back-pressure.

    python3 flask_sse.py PORT < events.ndjson
"""

import logging
import sys
import threading

from flask import Flask, Response

app = Flask(__name__)
lines = []
cond = threading.Condition()


def read_stdin():
    for line in sys.stdin:
        with cond:
            lines.append(line.rstrip("\n"))
            cond.notify_all()


@app.route("/events")
def events():
    def stream():
        with cond:
            seen = len(lines)
        while True:
            with cond:
                while seen >= len(lines):
                    cond.wait()
                new = lines[seen:]
                seen = len(lines)
            for line in new:
                yield f"data: {line}\n\n"

    return Response(stream(), mimetype="text/event-stream")


if __name__ == "__main__":
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    threading.Thread(target=read_stdin, daemon=True).start()
    print(f"flask_sse: listening on http://127.0.0.1:{sys.argv[1]}/", file=sys.stderr, flush=True)
    app.run(host="127.0.0.1", port=int(sys.argv[1]), threaded=True)
