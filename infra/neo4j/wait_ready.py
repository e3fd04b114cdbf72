"""Waits until Neo4j answers RETURN 1 over Bolt with basic auth; exits non-zero after the deadline.

Usage: wait_ready.py [bolt_uri] [deadline_seconds] [server_pid]
User is NEO4J_USER (default neo4j), password NEO4J_PASSWORD (default livinglab-dev).
Gives up early when server_pid is given and that process has exited.
"""

import logging
import os
import sys
import time

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired


def alive(pid: int | None) -> bool:
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def check(uri: str, auth: tuple[str, str]) -> None:
    with GraphDatabase.driver(uri, auth=auth, connection_timeout=5) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS ok")
        if records[0]["ok"] != 1:
            raise RuntimeError(f"unexpected answer {records!r}")


def main(uri: str, deadline_s: float, pid: int | None) -> int:
    auth = (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "livinglab-dev"))
    deadline = time.monotonic() + deadline_s
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if not alive(pid):
            print(f"neo4j process {pid} exited before {uri} was ready", file=sys.stderr)
            return 1
        try:
            check(uri, auth)
            return 0
        except AuthError as error:  # a wrong password will not fix itself
            print(f"neo4j at {uri} rejected the credentials: {error}", file=sys.stderr)
            return 1
        except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as error:
            last_error = error
            time.sleep(0.5)
    print(f"neo4j at {uri} not ready after {deadline_s:.0f}s: {last_error!r}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    logging.basicConfig(level=logging.CRITICAL)  # connection-refused noise while the server boots
    target = sys.argv[1] if len(sys.argv) > 1 else "bolt://127.0.0.1:7687"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 120.0
    server_pid = int(sys.argv[3]) if len(sys.argv) > 3 else None
    sys.exit(main(target, seconds, server_pid))
