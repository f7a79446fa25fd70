#!/usr/bin/env bash
# The systemd units in scripts/systemd/: installed by scripts/systemd/install against a temporary
# prefix holding the real tools (cmake --install), then checked by `systemd-analyze verify`
# (which needs no running systemd): every directive known and valid, every binary the units run
# present and executable, the hardening options in place. Any warning counts as a failure.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${BUILD_DIR:-$root/build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

if ! command -v systemd-analyze >/dev/null; then
  echo "skipped: systemd-analyze not installed (Debian package systemd, see scripts/deps/service.apt)"
  exit 0
fi
if ! systemd-analyze verify --help >/dev/null 2>&1; then
  echo "skipped: systemd-analyze cannot run here"
  exit 0
fi
[ -d "$build" ] || fail "no build in $build (run scripts/build)"

prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
  fail "cmake --install failed: $(tail -n 5 "$work/install.log")"
"$root/scripts/systemd/install" --prefix "$prefix" --unit-dir "$work/units" --etc "$work/etc" \
  >"$work/unit-install.log" || fail "scripts/systemd/install failed"

# 1. The installed copies point at the prefix, and every tool they run is there.
for unit in tweetmap-producer@.service tweetmap-bluesky@.service tweetmap-mastodon@.service tweetmap-map@.service; do
  f=$work/units/$unit
  [ -f "$f" ] || fail "$unit not installed"
  grep -q '/usr/local/' "$f" && fail "$unit still refers to /usr/local after install --prefix"
  exec_line=$(grep '^ExecStart=' "$f") || fail "$unit has no ExecStart"
  tools=$(grep -o "$prefix/bin/[a-z-]*" <<<"$exec_line" | sort -u)
  [ -n "$tools" ] || fail "$unit: ExecStart runs no tweetmap tool: $exec_line"
  for t in $tools; do
    [ -x "$t" ] || fail "$unit: ExecStart runs $t, which is not installed"
    "$t" --version >/dev/null || fail "$unit: $t --version failed"
  done
done
grep -q "$prefix/bin/tweet-stream x" "$work/units/tweetmap-producer@.service" ||
  fail "producer unit does not run tweet-stream x"
grep -q "$prefix/bin/kafka-pub" "$work/units/tweetmap-producer@.service" ||
  fail "producer unit does not run kafka-pub"
grep -q "$prefix/bin/tweet-stream bluesky" "$work/units/tweetmap-bluesky@.service" ||
  fail "bluesky unit does not run tweet-stream bluesky"
grep -q "$prefix/bin/tweet-stream mastodon" "$work/units/tweetmap-mastodon@.service" ||
  fail "mastodon unit does not run tweet-stream mastodon"
for t in kafka-sub tweet-trends sse-serve; do
  grep -q "$prefix/bin/$t" "$work/units/tweetmap-map@.service" || fail "map unit does not run $t"
done

# 2. systemd-analyze verify on an instance of each template; any diagnostic fails the test.
cd "$work/units"
for inst in tweetmap-producer@tweets.service tweetmap-bluesky@tweets.service \
    tweetmap-mastodon@tweets.service tweetmap-map@tweets.service; do
  if ! systemd-analyze verify --man=no "./$inst" >"$work/verify.log" 2>&1 || [ -s "$work/verify.log" ]; then
    cat "$work/verify.log" >&2
    fail "systemd-analyze verify $inst reported problems (above)"
  fi
done

# 3. A broken copy is caught (so the check above is a real one).
sed 's|^ExecStart=/bin/sh|ExecStart=/nonexistent/sh|' tweetmap-map@.service >broken@.service
if systemd-analyze verify --man=no ./broken@x.service >/dev/null 2>&1; then
  fail "systemd-analyze verify accepted a unit with a missing ExecStart binary"
fi
rm -f broken@.service

# 4. The hardening and restart policy the docs promise, in both units, with the values parsed by
#    systemd itself (systemd-analyze dump of the loaded unit would need a manager; read the files).
for unit in tweetmap-producer@.service tweetmap-bluesky@.service tweetmap-mastodon@.service tweetmap-map@.service; do
  for want in DynamicUser=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
      NoNewPrivileges=yes CapabilityBoundingSet= 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' \
      SystemCallFilter=@system-service MemoryDenyWriteExecute=yes Restart=always \
      'EnvironmentFile=/' 'LoadCredential=kafka.properties:'; do
    grep -q "^$want" "$unit" || fail "$unit lacks '$want'"
  done
  grep -q '^MemoryMax=[0-9]' "$unit" || fail "$unit has no MemoryMax"
  # Secrets never on the command line: only credential paths are passed.
  grep '^ExecStart=' "$unit" | grep -qi 'token=\|password' && fail "$unit puts a secret on argv"
done
grep -q '^LoadCredential=x-bearer-token:' tweetmap-producer@.service ||
  fail "producer unit does not load the X token as a credential"
grep -q -- '--bearer-token-file "$${CREDENTIALS_DIRECTORY}/x-bearer-token"' tweetmap-producer@.service ||
  fail "producer unit does not pass the token file to tweet-stream"
grep -q -- '--max-reads "$${X_MAX_READS}" --budget-file "$${STATE_DIRECTORY}/x-reads"' tweetmap-producer@.service ||
  fail "producer unit does not bound its reads with --max-reads \$X_MAX_READS"
grep -q '^Environment=X_MAX_READS=[0-9]' tweetmap-producer@.service ||
  fail "producer unit has no default X_MAX_READS"
grep -q '^RestartPreventExitStatus=3' tweetmap-producer@.service ||
  fail "producer unit restarts although the read budget is spent (exit 3)"
grep -q '^LoadCredential=mastodon-token:' tweetmap-mastodon@.service ||
  fail "mastodon unit does not load the Mastodon token as a credential"
grep -q -- '--token-file "$${CREDENTIALS_DIRECTORY}/mastodon-token"' tweetmap-mastodon@.service ||
  fail "mastodon unit does not pass the token file to tweet-stream"
grep -q -- '--on-eof exit' tweetmap-map@.service ||
  fail "map unit must stop sse-serve when its feed ends (--on-eof exit) so that Restart= applies"

# 5. The example configuration was installed and the secret file is private.
[ -f "$work/etc/tweetmap.env" ] || fail "tweetmap.env not installed"
[ "$(stat -c %a "$work/etc/kafka.properties")" = 600 ] || fail "kafka.properties is not mode 0600"
echo "ok: systemd units verified (systemd-analyze $(systemd-analyze --version | head -n1 | awk '{print $2}'))"
