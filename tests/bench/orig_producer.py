#!/usr/bin/python3
"""The original design's producer, reproduced as a baseline: a stream listener whose on_data
opens a Kafka client for each post, sends it synchronously and closes the client (Debian's
python3-kafka). Driven here by a paced feed of normalized records instead of the live API.

  orig_producer.py BROKERS TOPIC RATE SECONDS < records     prints one JSON line:
      {"rate": offered, "sent": n, "achieved": n/s, "p50_ms", "p99_ms", "max_ms"}

Latency = acknowledgement time minus the time the post was due (its creation time in a live
stream), so a producer that falls behind shows it as growing latency.
"""
import json
import sys
import time

from kafka import KafkaProducer
from pacing import paced, quantile


class StdOutListener:
    """The shape of the original: tweepy's StreamListener.on_data, one producer per post."""

    def __init__(self, brokers, topic):
        self.brokers, self.topic = brokers, topic

    def on_data(self, data):
        producer = KafkaProducer(bootstrap_servers=self.brokers, retries=5)
        key = json.loads(data)["id"].encode()
        producer.send(self.topic, key=key, value=data.encode("utf-8")).get(timeout=30)
        producer.close()
        return True


def main():
    brokers, topic, rate, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    listener = StdOutListener(brokers, topic)
    total = int(rate * seconds)
    lat = []
    start = time.monotonic()
    for _, line, due in paced(sys.stdin, rate, seconds):
        listener.on_data(line.rstrip("\n"))
        lat.append((time.monotonic() - due) * 1000)
        # Stop once it is hopelessly behind: the verdict is already clear.
        if time.monotonic() - start > seconds + 10:
            break
    took = time.monotonic() - start
    lat.sort()
    pick = lambda q: round(quantile(lat, q), 1) if lat else None
    print(json.dumps({"rate": rate, "offered": total, "sent": len(lat),
                      "achieved": round(len(lat) / took, 2), "p50_ms": pick(0.5),
                      "p99_ms": pick(0.99), "max_ms": pick(1.0)}))


if __name__ == "__main__":
    main()
