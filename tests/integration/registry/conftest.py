"""The registry as a real process against the real Kafka, and API keys issued through it.

Tests share one registry and one topic prefix; each test posts events about aggregates named
with its own tag (see network.Network) under a source only its own key may claim.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from scripts.create_topics import create_all
from tests.integration.registry.harness import Partner, new_partner, registry_env
from tests.integration.registry.network import TopicLog
from tests.support.processes import ServiceProcess


@pytest_asyncio.fixture(scope="session")
async def registry_topics(kafka_bootstrap: str, topic_prefix: str) -> str:
    await create_all(kafka_bootstrap, topic_prefix)
    return topic_prefix


@pytest.fixture(scope="session")
def registry(registry_topics: str, kafka_bootstrap: str) -> Iterator[ServiceProcess]:
    env = registry_env(registry_topics, kafka_bootstrap)
    service = ServiceProcess("registry", env, name="registry-it").start()
    yield service
    service.stop()


@pytest.fixture
def partner(registry: ServiceProcess) -> Partner:
    return new_partner(registry.url)


@pytest_asyncio.fixture(scope="session")
async def topics(kafka_bootstrap: str) -> AsyncIterator[TopicLog]:
    log = TopicLog(kafka_bootstrap)
    yield log
    await log.close()
