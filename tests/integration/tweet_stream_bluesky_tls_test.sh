#!/usr/bin/env bash
# tweet-stream bluesky over wss:// (OpenSSL under Beast) against the fake Jetstream serving TLS
# with a self-signed certificate for 127.0.0.1: refused with one clear line while the
# certificate is not trusted (no retry with --max-retries 0, exit 1), and posts flow once it is
# (SSL_CERT_FILE, which OpenSSL's default verify paths read); a certificate for another name
# is refused even when trusted (host name verification).
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakejetstream/lib.sh"

cert() {  # cert NAME SAN: a self-signed certificate and key in $WORK/NAME.{pem,key}
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$1" -addext "subjectAltName=$2" \
    -keyout "$WORK/$1.key" -out "$WORK/$1.pem" 2>/dev/null || fail "openssl req failed"
}
cert local IP:127.0.0.1
cert other DNS:jetstream.example.org

fakejs_start "$(scenario '{"then": {"after": "stay"}}')" "$EVENTS" --tls "$WORK/local.pem" "$WORK/local.key"
url="wss://127.0.0.1:$(head -n1 "$WORK/fakejs.port")/subscribe"

timeout 30 "$TS" bluesky --jetstream "$url" --max-retries 0 >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" -eq 1 ] || fail "untrusted certificate: exit $rc, expected 1"
grep -q "^tweet-stream: error: TLS handshake with 127.0.0.1 failed: .*certificate verify failed.*not retrying" "$WORK/err" ||
  fail "untrusted certificate: no clear line"
[ -s "$WORK/out" ] && fail "records from an untrusted server"

SSL_CERT_FILE="$WORK/local.pem" timeout 30 "$TS" bluesky --jetstream "$url" --count 3 --geocode none \
  --cursor 1 >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" -eq 0 ] || fail "trusted certificate: exit $rc"
[ "$(wc -l <"$WORK/out")" -eq 3 ] || fail "trusted certificate: expected 3 records"
verdict records "$WORK/out" "$EVENTS"
fakejs_stop

fakejs_start "$(scenario '{"then": {"after": "stay"}}')" "$EVENTS" --tls "$WORK/other.pem" "$WORK/other.key"
url="wss://127.0.0.1:$(head -n1 "$WORK/fakejs.port")/subscribe"
SSL_CERT_FILE="$WORK/other.pem" timeout 30 "$TS" bluesky --jetstream "$url" --max-retries 0 \
  >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" -eq 1 ] || fail "wrong host name: exit $rc, expected 1"
grep -q "TLS handshake with 127.0.0.1 failed" "$WORK/err" || fail "wrong host name: no clear line"
echo "ok: wss:// verified: untrusted and wrong-name certificates refused, trusted one streams"
