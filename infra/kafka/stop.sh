#!/usr/bin/env bash
# Stops the project's Kafka broker cleanly (SIGTERM, then SIGKILL after a grace period), also
# one another checkout started on this port.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
stop_server "${KAFKA_LOCAL_DIR:-$LOCAL_DIR/kafka}/kafka.pid" "${KAFKA_PORT:-9092}" 40 kafka
