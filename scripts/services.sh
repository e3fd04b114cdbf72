#!/usr/bin/env bash
# Starts, stops and reports the three services as background processes on 127.0.0.1.
# Ports match docker-compose.yml: registry 8001, matching 8002, notifications 8003.
set -euo pipefail
source "$(dirname "$0")/../infra/lib.sh"

RUN_DIR="$LOCAL_DIR/run"
SERVICES=(registry matching notifications)
declare -A PORTS=([registry]=${REGISTRY_PORT:-8001} [matching]=${MATCHING_PORT:-8002} [notifications]=${NOTIFICATIONS_PORT:-8003})

start_one() {
  local name=$1 port=${PORTS[$1]} pid_file="$RUN_DIR/$1.pid"
  if pid_alive "$pid_file"; then echo "$name already running (pid $(cat "$pid_file"))"; return 0; fi
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  env "${name^^}_PORT=$port" nohup "$VENV_PY" -m "$name" > "$LOG_DIR/$name.log" 2>&1 &
  echo $! > "$pid_file"
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

case "${1:-}" in
  start)
    start_smtp_sink
    export NOTIFICATIONS_SMTP_PORT="$SMTP_PORT"
    for s in "${SERVICES[@]}"; do start_one "$s"; done
    echo "services ready:"
    for s in "${SERVICES[@]}"; do wait_ready "$s"; done
    ;;
  stop)
    for s in "${SERVICES[@]}"; do stop_pid_file "$RUN_DIR/$s.pid" 20; done
    stop_pid_file "$RUN_DIR/smtp.pid" 5
    ;;
  status)
    for s in "${SERVICES[@]}"; do
      if pid_alive "$RUN_DIR/$s.pid"; then echo "$s: running (pid $(cat "$RUN_DIR/$s.pid"), port ${PORTS[$s]})"; else echo "$s: stopped"; fi
    done
    for infra in kafka neo4j; do
      if pid_alive "$LOCAL_DIR/$infra/$infra.pid"; then echo "$infra: running"; else echo "$infra: stopped"; fi
    done
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
