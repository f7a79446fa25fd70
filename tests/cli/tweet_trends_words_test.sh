#!/usr/bin/env bash
# tweet-trends --terms words: a word burst in Spanish text trends in its country; stop words and
# hashtag-only mode behave.
# shellcheck source=tests/cli/tweet_trends_common.sh
source "$(dirname "$0")/tweet_trends_common.sh"
python3 - >"$tmp/in.jsonl" <<'PY'
import json, random
rnd = random.Random(5)
t0 = 1700000000000
words = "el la de que y en los se del las un por con no una su para es al lo como".split()
fill = "sol casa perro tarde ciudad calle mesa libro agua verde".split()
for i in range(12000):
    ts = t0 + i * 100  # 10 posts/s for 20 minutes
    burst = i >= 8000 and i % 5 == 0
    text = " ".join(rnd.choice(words + fill) for _ in range(8))
    if burst:
        text += " Terremoto en la ciudad"
    print(json.dumps({"id": str(i), "ts": ts, "lat": -23.55, "lon": -46.63, "geo": "place",
                      "place": "São Paulo, Brasil", "cc": "BR" if i % 2 else "AR", "text": text,
                      "lang": "es", "tags": [], "rt": False}, ensure_ascii=False))
PY
"$bin" --terms words "$tmp/in.jsonl" >"$tmp/out.jsonl"
snap() { jq -r 'select(.type == "trends") | .scopes[] | "\(.scope):\(.cc // .cell // "") \(.trends[].term)"' "$tmp/out.jsonl" | sort -u; }
snap >"$tmp/trends"
grep -q '^cc:BR terremoto$' "$tmp/trends" || { cat "$tmp/trends" >&2; echo "FAIL: terremoto not trending in BR" >&2; exit 1; }
if grep -E ' (el|la|en|de|que)$' "$tmp/trends"; then echo "FAIL: a stop word trends" >&2; exit 1; fi
if grep -q -v -E ' (terremoto|ciudad)$' "$tmp/trends"; then
  echo "FAIL: unexpected trends:" >&2; grep -v -E ' (terremoto|ciudad)$' "$tmp/trends" >&2; exit 1
fi
# Hashtag mode ignores the text.
"$bin" "$tmp/in.jsonl" | jq -e -s '[.[] | select(.type == "trends") | .scopes[].trends[]] | length == 0' >/dev/null ||
  { echo "FAIL: hashtag mode found trends in text" >&2; exit 1; }
echo "ok: word trends"
