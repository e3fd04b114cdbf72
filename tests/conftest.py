"""Fixtures shared by every test level.

Each test session gets its own topic prefix and graph namespace, so parallel or repeated runs can
share one broker and one Neo4j server without seeing each other's data.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

RUN_ID = uuid.uuid4().hex[:8]


@pytest.fixture(scope="session")
def run_id() -> str:
    return RUN_ID


@pytest.fixture(scope="session")
def topic_prefix(run_id: str) -> str:
    return f"test-{run_id}."


@pytest.fixture(scope="session")
def graph_namespace(run_id: str) -> str:
    return f"test-{run_id}"


@pytest.fixture(scope="session")
def kafka_bootstrap() -> str:
    return os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")


@pytest.fixture(scope="session")
def neo4j_auth() -> Iterator[tuple[str, str, str]]:
    yield (
        os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"),
        os.environ.get("NEO4J_USER", "neo4j"),
        os.environ.get("NEO4J_PASSWORD", "livinglab-dev"),
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under `make test` a skipped test hides a missing feature or server, so it fails the run."""
    if os.environ.get("LIVINGLAB_FORBID_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == 0:
        reporter.write_line(
            f"{len(skipped)} test(s) skipped: skips are failures under make test", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
