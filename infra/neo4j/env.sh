# Settings shared by start.sh and stop.sh; sourced, never executed.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

port=${NEO4J_BOLT_PORT:-7687}
home=${NEO4J_LOCAL_DIR:-$LOCAL_DIR/neo4j}  # data/, logs/debug.log, neo4j.pid
pid_file="$home/neo4j.pid"
log=${NEO4J_LOG_FILE:-$LOG_DIR/neo4j.log}

# A pid file whose process is not our launcher (stale after a reboot, pid reused) is dropped.
if [ -f "$pid_file" ] && ! ps -o args= -p "$(cat "$pid_file")" 2>/dev/null | grep -q 'nl.livinglab.infra.Neo4jServer'; then
  rm -f "$pid_file"
fi
