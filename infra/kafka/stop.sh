#!/usr/bin/env bash
# Stops the project's Kafka broker cleanly (SIGTERM, then SIGKILL after a grace period).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
stop_pid_file "${KAFKA_LOCAL_DIR:-$LOCAL_DIR/kafka}/kafka.pid" 40
