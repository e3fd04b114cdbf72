"""Fixtures for the matching adapters against the real Neo4j and Kafka.

Every test gets its own graph namespace (the session's namespace plus a suffix), removed again
afterwards, so tests share one Neo4j server without seeing each other's nodes.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio
from matching.adapters.kafka_producer import EventProducer
from neo4j import AsyncDriver, AsyncGraphDatabase

from tests.integration.matching.graph_state import drop_namespace


@pytest_asyncio.fixture(scope="session")
async def neo4j_driver(neo4j_auth: tuple[str, str, str]) -> AsyncIterator[AsyncDriver]:
    uri, user, password = neo4j_auth
    driver = AsyncGraphDatabase.driver(uri, auth=(user, password))
    await driver.verify_connectivity()
    yield driver
    await driver.close()


@pytest_asyncio.fixture
async def namespaces(
    neo4j_driver: AsyncDriver, graph_namespace: str
) -> AsyncIterator[Callable[[str], str]]:
    """Hands out fresh namespaces (`ns("a")`) and deletes their nodes after the test."""
    made: list[str] = []

    def make(label: str) -> str:
        made.append(f"{graph_namespace}-{label}-{uuid.uuid4().hex[:6]}")
        return made[-1]

    yield make
    for namespace in made:
        await drop_namespace(neo4j_driver, namespace)


@pytest.fixture
def namespace(namespaces: Callable[[str], str]) -> str:
    return namespaces("t")


@pytest_asyncio.fixture(scope="module")
async def producer(kafka_bootstrap: str) -> AsyncIterator[EventProducer]:
    """The matching service's Kafka producer, one per test module."""
    started = EventProducer(kafka_bootstrap)
    await started.start()
    yield started
    await started.stop()
