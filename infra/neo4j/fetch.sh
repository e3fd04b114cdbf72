#!/usr/bin/env bash
# Builds the embedded Neo4j launcher and copies Neo4j Community 5.26 jars into .cache/neo4j (once).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
require_java_and_maven

src="$REPO_ROOT/infra/neo4j"
out="$CACHE_DIR/neo4j"
stamp="$out/.stamp"
# Rebuild whenever the pom or the launcher source changes.
want=$( (cd "$src" && find pom.xml src -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$out/build/neo4j-runtime.jar" ] && [ -d "$out/lib" ]; then
  exit 0
fi
echo "building the Neo4j launcher and fetching Neo4j jars from Maven Central..."
rm -rf "$out/lib" "$out/build" "$stamp"
# The pom puts the build output in .cache/neo4j/build and the runtime jars in .cache/neo4j/lib.
# Maven output goes to a file (Debian's Maven 3.8 prints stray colour codes even with -q -B).
mkdir -p "$out"
if ! mvn -q -B -f "$src/pom.xml" -Dmaven.repo.local="$CACHE_DIR/m2" package > "$out/maven.log" 2>&1; then
  tail -n 40 "$out/maven.log" >&2
  die "could not build the Neo4j launcher (full Maven output: $out/maven.log)"
fi
echo "$want" > "$stamp"
