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
