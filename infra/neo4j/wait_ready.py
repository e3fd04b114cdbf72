"""Waits until Neo4j answers RETURN 1 over Bolt with basic auth; exits non-zero after the deadline.

Usage: wait_ready.py [bolt_uri] [deadline_seconds] [server_pid]
User is NEO4J_USER (default neo4j), password NEO4J_PASSWORD (default livinglab-dev).
Gives up early when server_pid is given and that process has exited. An auth failure is final
for a server we did not start; for our own server_pid it is retried, because the launcher may still
be applying a changed NEO4J_PASSWORD with ALTER USER.
"""

import logging
import os
import signal
import sys
import time
from types import FrameType

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired


class DeadlineReached(Exception):
    """Raised by SIGALRM: a non-Bolt listener on the port can stall the driver's handshake."""


def on_alarm(signum: int, frame: FrameType | None) -> None:
    raise DeadlineReached


def say(message: str) -> None:
    sys.stderr.write(message + "\n")


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
    # A plain session.run, not execute_query: that one retries with backoff for up to 30 s.
    with (
        GraphDatabase.driver(uri, auth=auth, connection_timeout=5) as driver,
        driver.session() as session,
    ):
        record = session.run("RETURN 1 AS ok").single()
        if record is None or record["ok"] != 1:
            raise RuntimeError(f"unexpected answer {record!r}")


def poll(uri: str, auth: tuple[str, str], deadline_s: float, pid: int | None) -> int:
    deadline = time.monotonic() + deadline_s
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if not alive(pid):
            say(f"neo4j process {pid} exited before {uri} was ready")
            return 1
        try:
            check(uri, auth)
            return 0
        except AuthError as error:
            if pid is None:
                say(f"neo4j at {uri} rejected the credentials of user {auth[0]}: {error}")
                return 1
            last_error = error
            time.sleep(2.0)  # Neo4j locks the user for 5 s after 3 failed logins
        except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as error:
            last_error = error
            time.sleep(0.5)
    say(f"neo4j at {uri} not ready after {deadline_s:.0f}s: {last_error!r}")
    return 1


def main(uri: str, deadline_s: float, pid: int | None) -> int:
    user = os.environ.get("NEO4J_USER", "neo4j")
    auth = (user, os.environ.get("NEO4J_PASSWORD", "livinglab-dev"))
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(max(1, int(deadline_s + 1)))
    try:
        return poll(uri, auth, deadline_s, pid)
    except DeadlineReached:
        say(f"neo4j at {uri} not ready after {deadline_s:.0f}s (no Bolt answer)")
        return 1
    finally:
        signal.alarm(0)


if __name__ == "__main__":
    logging.basicConfig(level=logging.CRITICAL)  # connection-refused noise while the server boots
    target = sys.argv[1] if len(sys.argv) > 1 else "bolt://127.0.0.1:7687"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 120.0
    server_pid = int(sys.argv[3]) if len(sys.argv) > 3 else None
    sys.exit(main(target, seconds, server_pid))
