#!/usr/bin/env bash
# Starts, stops and reports the three services as background processes on 127.0.0.1.
# Ports match docker-compose.yml: registry 8001, matching 8002, notifications 8003.
# REGISTRY_INSTANCES=N starts N registry instances: the first on 8001 (the public port, which
# answers everything), registry-2 on 8011, registry-3 on 8012, ... Any instance takes any
# request; writes are decided by the one holding the admission lease (docs/architecture.md).
set -euo pipefail
source "$(dirname "$0")/../infra/lib.sh"

RUN_DIR="${LIVINGLAB_RUN_DIR:-$LOCAL_DIR/run}"  # overridable so a test can run its own set
LOG_DIR="${LIVINGLAB_LOG_DIR:-$LOG_DIR}"
SERVICES=(registry matching notifications)
declare -A PORTS=([registry]=${REGISTRY_PORT:-8001} [matching]=${MATCHING_PORT:-8002} [notifications]=${NOTIFICATIONS_PORT:-8003})
REGISTRY_INSTANCES=${REGISTRY_INSTANCES:-1}
[[ "$REGISTRY_INSTANCES" =~ ^[1-9][0-9]?$ ]] || die "REGISTRY_INSTANCES must be a number from 1 to 99"
EXTRA_REGISTRIES=()
for ((k = 2; k <= REGISTRY_INSTANCES; k++)); do
  EXTRA_REGISTRIES+=("registry-$k")
  PORTS[registry-$k]=$((8009 + k))
done

# Extra registry instances started earlier, whatever REGISTRY_INSTANCES says now.
running_extra_registries() {
  local pid_file
  for pid_file in "$RUN_DIR"/registry-*.pid; do
    [ -e "$pid_file" ] && basename "$pid_file" .pid
  done
  return 0
}

# The settings a service reads from the environment (its own prefix and the shared names), one
# NAME=hash line each: values are hashed because some are secrets. Recorded at start, so a later
# `start` can tell that the shell asks for other settings than the running process has.
settings_fingerprint() {
  local module=$1 key value
  env | { grep -E "^(${module^^}_[A-Z0-9_]*|LIVINGLAB_ENVIRONMENT|LOG_LEVEL|KAFKA_BOOTSTRAP_SERVERS|TOPIC_PREFIX|GRAPH_NAMESPACE|NEO4J_[A-Z_]*|REGISTRY_KEY_PEPPER)=" || true; } \
    | sort | while IFS='=' read -r key value; do
        printf '%s=%s\n' "$key" "$(printf '%s' "$value" | sha256sum | cut -c1-16)"
      done
}

# Names of the settings that differ between a running service and this shell (empty: none, or
# the service was started before settings were recorded).
settings_changed() {
  local name=$1 recorded="$RUN_DIR/$1.settings"
  [ -f "$recorded" ] || return 0
  { diff <(cat "$recorded") <(settings_fingerprint "${name%%-*}") || true; } \
    | sed -n 's/^[<>] \([^=]*\)=.*/\1/p' | sort -u | paste -sd ' ' -
}

# Refuses (exit 3) when a running service would keep settings other than this shell's: a changed
# setting must take effect or be refused, never be kept silently.
refuse_changed_settings() {
  local s changed stale=()
  for s in "$@"; do
    pid_alive "$RUN_DIR/$s.pid" || continue
    changed=$(settings_changed "$s")
    [ -z "$changed" ] || stale+=("$s ($changed)")
  done
  [ ${#stale[@]} -eq 0 ] && return 0
  {
    echo "error: running with other settings than this shell's: ${stale[*]}."
    echo "  To apply them, restart the services (the data stays): make restart"
    echo "  (with the same variables set, e.g. NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS=true make restart)"
    echo "  To keep what runs, run make run without the changed variables."
  } >&2
  exit 3
}

start_one() {
  local name=$1 port=${PORTS[$1]} pid_file="$RUN_DIR/$1.pid" module=${1%%-*}
  if pid_alive "$pid_file"; then echo "$name already running (pid $(cat "$pid_file")), same settings"; return 0; fi
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  env "${module^^}_PORT=$port" nohup "$VENV_PY" -m "$module" > "$LOG_DIR/$name.log" 2>&1 &
  echo $! > "$pid_file"
  settings_fingerprint "$module" > "$RUN_DIR/$name.settings"
}

wait_ready() {
  local name=$1 port=${PORTS[$1]}
  for _ in $(seq 1 240); do
    if curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1; then
      printf '  %-14s http://127.0.0.1:%s  (docs: /docs, health: /health, ready: /ready)\n' "$name" "$port"
      return 0
    fi
    pid_alive "$RUN_DIR/$name.pid" || { tail -n 40 "$LOG_DIR/$name.log"; die "$name exited during start-up"; }
    sleep 0.5
  done
  tail -n 40 "$LOG_DIR/$name.log"
  die "$name did not become ready on port $port"
}

# A local SMTP sink so the e-mail channel works in `make run`; mails land in .local/logs/smtp.log.
SMTP_PORT=${NOTIFICATIONS_SMTP_PORT:-8025}
start_smtp_sink() {
  local pid_file="$RUN_DIR/smtp.pid"
  pid_alive "$pid_file" && return 0
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  nohup "$VENV_PY" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Debugging \
    > "$LOG_DIR/smtp.log" 2>&1 &
  echo $! > "$pid_file"
}

stop_services() {
  for s in "${SERVICES[@]}" $(running_extra_registries); do stop_pid_file "$RUN_DIR/$s.pid" 20; done
  stop_pid_file "$RUN_DIR/smtp.pid" 5
}

case "${1:-}" in
  restart)
    stop_services
    exec "$0" start
    ;;
  start)
    export NOTIFICATIONS_SMTP_PORT="$SMTP_PORT"
    refuse_changed_settings "${SERVICES[@]}" "${EXTRA_REGISTRIES[@]}"
    start_smtp_sink
    for s in "${SERVICES[@]}" "${EXTRA_REGISTRIES[@]}"; do start_one "$s"; done
    echo "services ready:"
    for s in "${SERVICES[@]}" "${EXTRA_REGISTRIES[@]}"; do wait_ready "$s"; done
    ;;
  stop)
    stop_services
    ;;
  status)
    for s in "${SERVICES[@]}"; do
      if pid_alive "$RUN_DIR/$s.pid"; then echo "$s: running (pid $(cat "$RUN_DIR/$s.pid"), port ${PORTS[$s]})"; else echo "$s: stopped"; fi
    done
    for s in $(running_extra_registries); do
      port=$((8009 + ${s#registry-}))
      if pid_alive "$RUN_DIR/$s.pid"; then echo "$s: running (pid $(cat "$RUN_DIR/$s.pid"), port $port)"; else echo "$s: stopped"; fi
    done
    for infra in kafka neo4j; do
      if pid_alive "$LOCAL_DIR/$infra/$infra.pid"; then echo "$infra: running"; else echo "$infra: stopped"; fi
    done
    ;;
  *) echo "usage: $0 start|stop|restart|status" >&2; exit 2 ;;
esac
