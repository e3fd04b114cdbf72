"""Fixtures for the fault suite: the shared Neo4j, a webhook receiver, a raw Kafka producer, and
a report file with each fault case's numbers (test-artifacts/reliability.json).

Every test module starts its own service processes (and, for the broker and Neo4j kills, its own
servers); they share processes only within a module.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from neo4j import AsyncDriver, AsyncGraphDatabase

from scripts.create_topics import create_all
from tests.integration.matching.graph_state import drop_namespace
from tests.integration.notifications.receivers import WebhookReceiver
from tests.support.processes import REPO_ROOT

REPORT = REPO_ROOT / "test-artifacts" / "reliability.json"
PrefixMaker = Callable[[str], Awaitable[str]]


@pytest_asyncio.fixture(scope="session")
async def shared_neo4j(neo4j_auth: tuple[str, str, str]) -> AsyncIterator[AsyncDriver]:
    uri, user, password = neo4j_auth
    driver = AsyncGraphDatabase.driver(uri, auth=(user, password))
    await driver.verify_connectivity()
    yield driver
    await driver.close()


@pytest_asyncio.fixture(scope="session")
async def neo4j_driver(shared_neo4j: AsyncDriver) -> AsyncDriver:
    return shared_neo4j


@pytest_asyncio.fixture
async def fresh_prefix(topic_prefix: str, kafka_bootstrap: str) -> PrefixMaker:
    """`await fresh_prefix("label")`: a topic prefix of the test's own, its topics created."""

    async def make(label: str) -> str:
        prefix = f"{topic_prefix}{label}-{uuid.uuid4().hex[:6]}."
        await create_all(kafka_bootstrap, prefix)
        return prefix

    return make


@pytest_asyncio.fixture
async def dropped_namespaces(shared_neo4j: AsyncDriver) -> AsyncIterator[list[str]]:
    """Namespaces a test appends here are removed from the shared Neo4j after it."""
    namespaces: list[str] = []
    yield namespaces
    for namespace in namespaces:
        await drop_namespace(shared_neo4j, namespace)


@pytest_asyncio.fixture(scope="session")
async def receiver() -> AsyncIterator[WebhookReceiver]:
    hooks = WebhookReceiver()
    await hooks.start()
    yield hooks
    await hooks.stop()


@pytest_asyncio.fixture(scope="session")
async def raw_producer(kafka_bootstrap: str) -> AsyncIterator[AIOKafkaProducer]:
    """Writes records as anyone with access to the broker could, bypassing every service; large
    requests allowed, up to what the broker takes (message.max.bytes = 2 MiB)."""
    producer = AIOKafkaProducer(
        bootstrap_servers=kafka_bootstrap, acks="all", max_request_size=2_500_000
    )
    await producer.start()
    yield producer
    await producer.stop()


@pytest.fixture
def report(request: pytest.FixtureRequest) -> Callable[[dict[str, Any]], None]:
    """Records a test's observed numbers in the report file and prints them (-s or -rP)."""

    def record(numbers: dict[str, Any]) -> None:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        found: dict[str, Any] = json.loads(REPORT.read_text()) if REPORT.exists() else {}
        found[request.node.nodeid] = {"at": time.strftime("%Y-%m-%dT%H:%M:%S"), **numbers}
        REPORT.write_text(json.dumps(found, indent=2, sort_keys=True))
        print(f"\n{request.node.name}: {json.dumps(numbers, sort_keys=True)}")

    return record
