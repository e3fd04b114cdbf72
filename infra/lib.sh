# Shared helpers for the infra scripts; sourced, never executed.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="$REPO_ROOT/.cache"
LOCAL_DIR="$REPO_ROOT/.local"
LOG_DIR="$LOCAL_DIR/logs"
VENV_PY="$REPO_ROOT/.venv/bin/python"

die() { echo "error: $*" >&2; exit 1; }

require_java_and_maven() {
  command -v java >/dev/null 2>&1 || die "Java 17+ is required (apt-get install openjdk-17-jre-headless)."
  command -v mvn >/dev/null 2>&1 || die "Maven is required to fetch the server jars (apt-get install maven)."
  local major
  major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  [ "${major:-0}" -ge 17 ] || die "Java 17+ is required, found: $(java -version 2>&1 | head -n1)"
}

# True when the pid file names a live process.
pid_alive() {
  local pid_file=$1
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

# SIGTERM, wait up to $2 seconds, then SIGKILL; removes the pid file.
stop_pid_file() {
  local pid_file=$1 grace=${2:-30} pid
  if ! pid_alive "$pid_file"; then rm -f "$pid_file"; return 0; fi
  pid=$(cat "$pid_file")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((grace * 5))); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; return 0; }
    sleep 0.2
  done
  echo "still running after ${grace}s, sending SIGKILL to $pid" >&2
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pid_file"
}

# Pid of the process listening on 127.0.0.1:$1 (empty when none is found).
listener_pid() {
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n1
}

# Where a server this project started keeps its data (a checkout's .local/kafka or .local/neo4j),
# read from its command line; empty for any other process.
server_home() {
  local args
  args=$(tr '\0' '\n' < "/proc/$1/cmdline" 2>/dev/null) || return 0
  printf '%s\n' "$args" | grep -q '^kafka.Kafka$' \
    && printf '%s\n' "$args" | sed -n 's#/server.properties$##p' | head -n1
  printf '%s\n' "$args" | sed -n '/^nl.livinglab.infra.Neo4jServer$/{n;p;}' | head -n1
}

# Who runs the server on port $1: its pid and the checkout whose .local holds its data.
whose_server() {
  local pid home owner
  pid=$(listener_pid "$1")
  [ -n "$pid" ] || { echo "owner unknown (no listening process found; 'ss' from iproute2 finds it)"; return 0; }
  home=$(server_home "$pid")
  [ -n "$home" ] || { echo "pid $pid, not a server this project starts"; return 0; }
  owner=${home%%/.local/*}
  if [ "$owner" = "$REPO_ROOT" ]; then owner="this checkout"; else owner="another checkout, $owner"; fi
  echo "pid $pid, started from $owner (data in $home)"
}

# Stops the server of pid file $1 or, when this checkout did not start it, the project server
# listening on port $2 whichever checkout started it (make stop works from any checkout).
stop_server() {
  local pid_file=$1 port=$2 grace=${3:-30} name=$4 pid
  if pid_alive "$pid_file"; then stop_pid_file "$pid_file" "$grace"; echo "$name stopped"; return 0; fi
  pid=$(listener_pid "$port")
  if [ -z "$pid" ] || [ -z "$(server_home "$pid")" ]; then
    rm -f "$pid_file"
    [ -z "$pid" ] || echo "$name: port $port is held by pid $pid, which this project did not start; left alone"
    return 0
  fi
  echo "stopping $name on port $port: $(whose_server "$port")"
  local other_pid_file
  other_pid_file=$(mktemp)
  echo "$pid" > "$other_pid_file"
  stop_pid_file "$other_pid_file" "$grace"
  echo "$name stopped"
}
