#!/usr/bin/env bash
# Stops the project's Neo4j cleanly (SIGTERM runs the shutdown hook; SIGKILL after a grace period),
# also one another checkout started on this port.
set -euo pipefail
source "$(dirname "$0")/env.sh"
stop_server "$pid_file" "$port" 30 neo4j
