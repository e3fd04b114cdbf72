"""The whole system as real processes, isolated by topic prefix and graph namespace."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest
import pytest_asyncio

from scripts.create_topics import create_all
from tests.integration.notifications.receivers import WebhookReceiver
from tests.support.processes import ServiceProcess

PARTNER_SOURCE = "/systems/e2e-partner"


@dataclass(frozen=True)
class System:
    registry: ServiceProcess
    matching: ServiceProcess
    partner_key: str
    coordinator_key: str

    def registry_client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.registry.url, headers={"X-API-Key": self.partner_key}, timeout=30
        )

    def matching_client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.matching.url, headers={"X-API-Key": self.coordinator_key}, timeout=30
        )


def issue_key(registry_url: str, body: dict[str, object]) -> str:
    response = httpx.post(
        f"{registry_url}/v1/admin/keys",
        json=body,
        headers={"Authorization": "Bearer local-admin-token"},
        timeout=30,
    )
    response.raise_for_status()
    token: str = response.json()["token"]
    return token


@pytest.fixture(scope="session")
def system_env(topic_prefix: str, graph_namespace: str, kafka_bootstrap: str) -> dict[str, str]:
    # Topics of its own: registries that share topics share one admission lease, and this
    # session-long one would admit for the integration tests' registry, with other settings.
    prefix = f"{topic_prefix}e2e."
    asyncio.run(create_all(kafka_bootstrap, prefix))
    return {
        "TOPIC_PREFIX": prefix,
        "GRAPH_NAMESPACE": graph_namespace,
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "MATCHING_BATCH_WINDOW_S": "0.05",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
    }


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
