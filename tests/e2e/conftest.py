"""The whole system as real processes, isolated by topic prefix and graph namespace."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from scripts.create_topics import create_all
from tests.integration.notifications.receivers import WebhookReceiver
from tests.support.processes import ServiceProcess
from tests.support.system import System, issue_key, stack_env

PARTNER_SOURCE = "/systems/e2e-partner"


@pytest.fixture(scope="session")
def system_env(topic_prefix: str, graph_namespace: str, kafka_bootstrap: str) -> dict[str, str]:
    # Topics of its own: registries that share topics share one admission lease, and this
    # session-long one would admit for the integration tests' registry, with other settings.
    prefix = f"{topic_prefix}e2e."
    asyncio.run(create_all(kafka_bootstrap, prefix))
    return stack_env(prefix, graph_namespace, kafka_bootstrap)


@pytest.fixture(scope="session")
def system(system_env: dict[str, str]) -> Iterator[System]:
    registry = ServiceProcess("registry", system_env).start()
    matching = ServiceProcess("matching", system_env).start()
    try:
        partner_key = issue_key(
            registry.url, {"system": "e2e-partner", "sources": [PARTNER_SOURCE]}
        )
        coordinator_key = issue_key(
            registry.url, {"system": "e2e-coordinator", "role": "coordinator"}
        )
        yield System(registry, matching, partner_key, coordinator_key)
    finally:
        matching.stop()
        registry.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def receiver() -> AsyncIterator[WebhookReceiver]:
    """A local webhook receiver that answers the validation handshake."""
    hooks = WebhookReceiver()
    await hooks.start()
    yield hooks
    await hooks.stop()
