#!/usr/bin/env python3
"""Writes events.jsonl: Jetstream events shaped like the recorded ones of
tests/data/parsers/jetstream.jsonl (posts with langs, #tag facets and record tags, identity,
account, deletes, likes, reposts, an update), one second apart, so that the resume tests can
reason about cursors. Run it again after changing it: python3 make_events.py > events.jsonl
"""
import json

BASE_US = 1725911162000000
CID = "bafyreidwaivazkwu67xztlmuobx35hs2lnfh3kolmgfmucldvhd3sgzcqi"


def created(t_us, shift_s=0):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t_us // 1000000 + shift_s)) + ".%03dZ" % (
        (t_us // 1000) % 1000)


def post(i, t, text, langs, facet_tags=(), tags=None, created_at="auto"):
    rec = {"$type": "app.bsky.feed.post", "langs": langs, "text": text}
    if created_at == "auto":
        rec["createdAt"] = created(t)
    elif created_at is not None:
        rec["createdAt"] = created_at
    if facet_tags:
        rec["facets"] = [{"features": [{"$type": "app.bsky.richtext.facet#tag", "tag": g}],
                          "index": {"byteStart": 0, "byteEnd": 1}} for g in facet_tags]
    if tags is not None:
        rec["tags"] = tags
    return {"did": f"did:plc:user{i % 7:02d}", "time_us": t, "kind": "commit",
            "commit": {"rev": f"3l3qo2vut{i:04d}", "operation": "create",
                       "collection": "app.bsky.feed.post", "rkey": f"3l3qopost{i:04d}",
                       "record": rec, "cid": CID}}


def main():
    out = []
    for i in range(40):
        t = BASE_US + i * 1000000
        k = i % 10
        if k == 3:
            out.append({"did": f"did:plc:user{i % 7:02d}", "time_us": t, "kind": "identity",
                        "identity": {"did": f"did:plc:user{i % 7:02d}", "handle": "x.bsky.social",
                                     "seq": 1000 + i, "time": created(t)}})
        elif k == 5:
            out.append({"did": f"did:plc:user{i % 7:02d}", "time_us": t, "kind": "account",
                        "account": {"active": True, "did": f"did:plc:user{i % 7:02d}",
                                    "seq": 1000 + i, "time": created(t)}})
        elif k == 6:
            out.append({"did": f"did:plc:user{i % 7:02d}", "time_us": t, "kind": "commit",
                        "commit": {"rev": f"3l3qo2vut{i:04d}", "operation": "delete",
                                   "collection": "app.bsky.feed.post",
                                   "rkey": f"3l3qopost{i - 6:04d}"}})
        elif k == 7:
            out.append({"did": f"did:plc:user{i % 7:02d}", "time_us": t, "kind": "commit",
                        "commit": {"rev": f"3l3qo2vut{i:04d}", "operation": "create",
                                   "collection": "app.bsky.feed.like", "rkey": f"3l3qolike{i:04d}",
                                   "record": {"$type": "app.bsky.feed.like", "createdAt": created(t),
                                              "subject": {"cid": CID, "uri": "at://did:plc:user00/app.bsky.feed.post/3l3qopost0000"}},
                                   "cid": CID}})
        elif k == 8:
            out.append({"did": f"did:plc:user{i % 7:02d}", "time_us": t, "kind": "commit",
                        "commit": {"rev": f"3l3qo2vut{i:04d}", "operation": "create",
                                   "collection": "app.bsky.feed.repost", "rkey": f"3l3qorpst{i:04d}",
                                   "record": {"$type": "app.bsky.feed.repost", "createdAt": created(t),
                                              "subject": {"cid": CID, "uri": "at://did:plc:user00/app.bsky.feed.post/3l3qopost0000"}},
                                   "cid": CID}})
        elif k == 9 and i == 19:
            e = post(i, t, "edited text", ["en"])
            e["commit"]["operation"] = "update"
            out.append(e)
        elif i == 1:
            out.append(post(i, t, "Sol em Lisboa hoje #Lisboa #VERAO", ["pt", "en"],
                            ["Lisboa", "VERAO"], ["lisboa", "Portugal"]))
        elif i == 2:
            out.append(post(i, t, "no clock on this client", ["en"], created_at=None))
        elif i == 4:
            out.append(post(i, t, "a client clock far behind", ["de"], created_at="2001-01-01T00:00:00Z"))
        elif i == 10:
            out.append(post(i, t, "unparsable date #Test", ["en"], ["TEST"], created_at="yesterday"))
        else:
            langs = [["en"], ["ja", "en"], ["es"], ["fr"]][i % 4]
            out.append(post(i, t, f"post number {i} #Map{i % 3}", langs, [f"Map{i % 3}"]))
    for e in out:
        print(json.dumps(e, separators=(",", ":"), ensure_ascii=False))


if __name__ == "__main__":
    main()
