#!/usr/bin/env bash
# Starts Neo4j Community (embedded, Bolt on 127.0.0.1) unless it already runs; waits for RETURN 1.
set -euo pipefail
source "$(dirname "$0")/env.sh"

[ -x "$VENV_PY" ] || die "the health check needs $VENV_PY with the neo4j driver: run 'make venv' first"
export NEO4J_PASSWORD=${NEO4J_PASSWORD:-livinglab-dev}
heap=${NEO4J_HEAP:--Xms256m -Xmx768m}

if pid_alive "$pid_file"; then
  echo "neo4j already running on bolt://127.0.0.1:$port: $(whose_server "$port")"
  exit 0
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  if "$VENV_PY" "$REPO_ROOT/infra/neo4j/wait_ready.py" "bolt://127.0.0.1:$port" 5 >/dev/null 2>&1; then
    echo "neo4j already answering on bolt://127.0.0.1:$port, used as is: $(whose_server "$port")"
    exit 0
  fi
  die "port $port is taken by something that is not a Neo4j accepting NEO4J_PASSWORD; stop it or set NEO4J_BOLT_PORT"
fi

"$REPO_ROOT/infra/neo4j/fetch.sh"
mkdir -p "$home" "$(dirname "$log")"
echo "=== $(date -u +%FT%TZ) starting neo4j on 127.0.0.1:$port" >> "$log"

# shellcheck disable=SC2086  # heap holds several JVM flags on purpose
nohup java $heap -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:+DisableExplicitGC \
  -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Dlog4j2.disable.jmx=true -Djdk.nio.maxCachedBufferSize=1024 \
  -Dio.netty.tryReflectionSetAccessible=true \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  -cp "$CACHE_DIR/neo4j/build/neo4j-runtime.jar:$CACHE_DIR/neo4j/lib/*" \
  nl.livinglab.infra.Neo4jServer "$home" "$port" >> "$log" 2>&1 < /dev/null &
echo $! > "$pid_file"

if ! "$VENV_PY" "$REPO_ROOT/infra/neo4j/wait_ready.py" "bolt://127.0.0.1:$port" "${NEO4J_START_TIMEOUT:-120}" "$(cat "$pid_file")"; then
  tail -n 20 "$log" "$home/logs/debug.log" 2>/dev/null || true
  stop_pid_file "$pid_file" 10
  die "neo4j did not become ready (log: $log)"
fi
echo "neo4j ready on bolt://127.0.0.1:$port (pid $(cat "$pid_file"), user neo4j)"
