#!/usr/bin/env bash
# Starts a single-node KRaft Kafka on 127.0.0.1 unless it already runs; waits until a produce succeeds.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
heap=${KAFKA_HEAP:--Xms256m -Xmx512m}
home=${KAFKA_LOCAL_DIR:-$LOCAL_DIR/kafka}  # data/, kafka.pid, server.properties
if [ -n "${KAFKA_LOCAL_DIR:-}" ]; then logs="$home/logs"; else logs=$LOG_DIR; fi  # a second broker logs apart
pid_file="$home/kafka.pid"
data="$home/data"

if pid_alive "$pid_file"; then
  echo "kafka already running on 127.0.0.1:$port: $(whose_server "$port")"
  exit 0
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  if "$VENV_PY" "$REPO_ROOT/infra/kafka/wait_ready.py" "127.0.0.1:$port" 10 >/dev/null 2>&1; then
    echo "kafka already answering on 127.0.0.1:$port, used as is: $(whose_server "$port")"
    exit 0
  fi
  die "port $port is taken by something that is not a working Kafka broker; stop it or set KAFKA_PORT"
fi

"$REPO_ROOT/infra/kafka/fetch.sh"
mkdir -p "$home" "$logs"
sed -e "s#@KAFKA_PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$controller_port#g" -e "s#@DATA_DIR@#$data#g" \
  "$REPO_ROOT/infra/kafka/server.properties.in" > "$home/server.properties"

classpath="$CACHE_DIR/kafka/lib/*"
log_opts=(-Dlog4j.configuration="file:$REPO_ROOT/infra/kafka/log4j.properties" -Dkafka.logs.dir="$logs")
if [ ! -f "$data/meta.properties" ]; then
  cluster_id=$(java -cp "$classpath" "${log_opts[@]}" kafka.tools.StorageTool random-uuid)
  java -cp "$classpath" "${log_opts[@]}" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$home/server.properties" >/dev/null
fi

# shellcheck disable=SC2086  # heap holds several JVM flags on purpose
nohup java $heap -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true "${log_opts[@]}" \
  -cp "$classpath" kafka.Kafka "$home/server.properties" > "$logs/kafka.out" 2>&1 &
echo $! > "$pid_file"

if ! "$VENV_PY" "$REPO_ROOT/infra/kafka/wait_ready.py" "127.0.0.1:$port"; then
  tail -n 30 "$logs/kafka.out" "$logs/kafka.log" 2>/dev/null || true
  die "kafka did not become ready"
fi
echo "kafka ready on 127.0.0.1:$port (pid $(cat "$pid_file"))"
