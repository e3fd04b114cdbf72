#!/usr/bin/env bash
# Resolves the Kafka broker jars from Maven Central into .cache/kafka/lib (once).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
require_java_and_maven

pom="$REPO_ROOT/infra/kafka/pom.xml"
lib="$CACHE_DIR/kafka/lib"
stamp="$CACHE_DIR/kafka/.stamp"
want=$(sha256sum "$pom" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$lib" ]; then
  exit 0
fi
echo "fetching Apache Kafka jars from Maven Central..."
rm -rf "$lib"
mvn -q -B -Dstyle.color=never -f "$pom" -Dmaven.repo.local="$CACHE_DIR/m2" \
  dependency:copy-dependencies -DoutputDirectory="$lib" -DincludeScope=runtime \
  || die "could not resolve Kafka from Maven Central (see output above)"
echo "$want" > "$stamp"
