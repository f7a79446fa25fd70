#!/usr/bin/python3
"""The original design's map server, reproduced as a baseline: a Flask route that opens a Kafka
consumer for each request and streams the topic as Server-Sent Events (Debian's python3-flask
and python3-kafka), run with Flask's own threaded server as the original was.

  orig_flask.py BROKERS TOPIC PORT
"""
import sys

from flask import Flask, Response
from kafka import KafkaConsumer

brokers, topic, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
app = Flask(__name__)


@app.route("/events")
def events():
    def stream():
        consumer = KafkaConsumer(topic, bootstrap_servers=brokers, auto_offset_reset="latest")
        try:
            for message in consumer:
                yield "data: {}\n\n".format(message.value.decode("utf-8"))
        finally:
            consumer.close()

    return Response(stream(), mimetype="text/event-stream")


@app.route("/healthz")
def healthz():
    return "ok\n"


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=port, threaded=True)
