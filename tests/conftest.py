"""Fixtures shared by every test level.

Each test session gets its own topic prefix and graph namespace, so parallel or repeated runs can
share one broker and one Neo4j server without seeing each other's data.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cleanup import delete_namespaces, delete_topics

RUN_ID = uuid.uuid4().hex[:8]
UNIT_TESTS = Path(__file__).parent / "unit"
CLEANUP_REPORT = pytest.StashKey[str]()


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


@pytest.fixture(scope="session", autouse=True)
def delete_what_the_session_created(
    request: pytest.FixtureRequest, kafka_bootstrap: str, neo4j_auth: tuple[str, str, str]
) -> Iterator[None]:
    """After the last test: the session's topics and graph namespaces are deleted (each starts
    with `test-<run id>`), so runs do not pile up hundreds of topics on the shared broker.
    Set LIVINGLAB_KEEP_TEST_DATA=1 to keep them for a look after a failure."""
    yield
    touches_servers = any(
        not Path(str(item.path)).is_relative_to(UNIT_TESTS) for item in request.session.items
    )
    if not touches_servers or os.environ.get("LIVINGLAB_KEEP_TEST_DATA") == "1":
        return
    prefix = f"test-{RUN_ID}"
    try:
        topics = asyncio.run(delete_topics(kafka_bootstrap, prefix))
        nodes = delete_namespaces(*neo4j_auth, prefix)
    except Exception as error:  # a server stopped by a test: say so, the results still stand
        message = f"could not delete this run's {prefix}* topics and graph data: {error!r}"
    else:
        message = f"deleted this run's {topics} Kafka topics and {nodes} graph nodes ({prefix}*)"
    request.config.stash[CLEANUP_REPORT] = message


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # Said in the summary: written from the fixture's teardown, the line would be captured.
    message = terminalreporter.config.stash.get(CLEANUP_REPORT, None)
    if message:
        terminalreporter.write_line(message)


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
