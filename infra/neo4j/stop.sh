#!/usr/bin/env bash
# Stops the project's Neo4j cleanly (SIGTERM runs the shutdown hook; SIGKILL after a grace period).
set -euo pipefail
source "$(dirname "$0")/env.sh"
stop_pid_file "$pid_file" 30
