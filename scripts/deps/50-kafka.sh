#!/usr/bin/env bash
# Fetches the pinned Apache Kafka broker jars (scripts/kafka/pom.xml) from Maven Central into
# $TWEETMAP_KAFKA_HOME (default .cache/kafka-<version>/libs). Idempotent: a complete cache is kept.
# With SETUP_CHECK=1 it only says (exit 1) whether the jars are missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
pom="$root/scripts/kafka/pom.xml"
version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$pom")
libs=${TWEETMAP_KAFKA_LIBS:-$root/.cache/kafka-$version/libs}
stamp="$libs/.complete-$(sha256sum "$pom" | cut -c1-16)"
[ -e "$stamp" ] && exit 0
[ "${SETUP_CHECK:-0}" = 1 ] && exit 1  # scripts/setup --check: jars missing
echo "setup: fetching Apache Kafka $version jars into $libs" >&2
rm -rf "$libs.tmp"
mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory="$libs.tmp" >&2
rm -rf "$libs"
mv "$libs.tmp" "$libs"
touch "$stamp"
