"""The local Neo4j runner (infra/neo4j) starts a real server, keeps data and stops cleanly.

Runs a second, isolated Neo4j (own state dir under tmp_path, own free port, small heap) so the
shared server that `make infra-up` started is never touched.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ConstraintError

from tests.support.processes import REPO_ROOT, free_port

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(300)]

INFRA = REPO_ROOT / "infra" / "neo4j"
PASSWORD = "runner-test-pw"


def run(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(INFRA / script)], env=env, capture_output=True, text=True, timeout=200, check=False
    )


def pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def runner_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {
        **os.environ,
        "NEO4J_BOLT_PORT": str(free_port()),
        "NEO4J_PASSWORD": PASSWORD,
        "NEO4J_HEAP": "-Xms128m -Xmx384m",
        "NEO4J_LOCAL_DIR": str(tmp_path / "neo4j"),
        "NEO4J_LOG_FILE": str(tmp_path / "neo4j.log"),
    }
    yield env
    run("stop.sh", env)


def test_start_write_restart_keeps_data_and_stop_leaves_nothing(
    runner_env: dict[str, str],
) -> None:
    uri = f"bolt://127.0.0.1:{runner_env['NEO4J_BOLT_PORT']}"
    pid_file = Path(runner_env["NEO4J_LOCAL_DIR"]) / "neo4j.pid"

    started = run("start.sh", runner_env)
    assert started.returncode == 0, started.stdout + started.stderr
    pid = int(pid_file.read_text())

    again = run("start.sh", runner_env)
    assert again.returncode == 0 and "already running" in again.stdout

    with pytest.raises(AuthError), GraphDatabase.driver(uri, auth=("neo4j", "wrong-pw-1")) as bad:
        bad.execute_query("RETURN 1")

    with GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
        assert driver.execute_query("RETURN 1 AS ok").records[0]["ok"] == 1
        driver.execute_query(
            "CREATE CONSTRAINT partner_uid IF NOT EXISTS FOR (n:Partner) REQUIRE n.uid IS UNIQUE"
        )
        driver.execute_query("CREATE (:Partner {uid: 'p-1', name: 'Acme'})")
        with pytest.raises(ConstraintError):
            driver.execute_query("CREATE (:Partner {uid: 'p-1'})")

    stopped = run("stop.sh", runner_env)
    assert stopped.returncode == 0, stopped.stderr
    assert not pid_running(pid) and not pid_file.exists()
    assert run("stop.sh", runner_env).returncode == 0  # idempotent

    t0 = time.monotonic()
    restarted = run("start.sh", runner_env)
    warm_start_s = time.monotonic() - t0
    assert restarted.returncode == 0, restarted.stdout + restarted.stderr
    assert warm_start_s < 60
    with GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
        records = driver.execute_query("MATCH (p:Partner) RETURN p.uid AS uid, p.name AS name")
        assert [dict(r) for r in records.records] == [{"uid": "p-1", "name": "Acme"}]
        names = driver.execute_query("SHOW CONSTRAINTS YIELD name").records
        assert "partner_uid" in [r["name"] for r in names]

    pid = int(pid_file.read_text())
    assert run("stop.sh", runner_env).returncode == 0
    assert not pid_running(pid)


def test_start_refuses_a_port_held_by_something_else(runner_env: dict[str, str]) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", int(runner_env["NEO4J_BOLT_PORT"])))
        holder.listen()
        result = run("start.sh", {**runner_env, "NEO4J_START_TIMEOUT": "10"})
    assert result.returncode != 0
    assert "taken" in result.stderr
    assert not (Path(runner_env["NEO4J_LOCAL_DIR"]) / "neo4j.pid").exists()
