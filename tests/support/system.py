"""The registry and matching services of an end-to-end test system, as its tests talk to them:
their environment, keys issued through the admin API, clients that carry a partner's or a
coordinator's key, and posting a batch of events that must all be accepted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from registry.config import LOCAL_ADMIN_TOKEN  # the registry's own default, which tests run with

from tests.support.processes import ServiceProcess


def stack_env(prefix: str, namespace: str, kafka_bootstrap: str, **settings: str) -> dict[str, str]:
    """The services' environment for a system of its own: its topics under `prefix`, its graph
    under `namespace`; `settings` are further variables, by name. (A service process also gets
    this process's environment, LOG_LEVEL included.)"""
    return {
        "TOPIC_PREFIX": prefix,
        "GRAPH_NAMESPACE": namespace,
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "MATCHING_BATCH_WINDOW_S": "0.05",  # the default, pinned: the tests' waits count on it
        **settings,
    }


def issue_key(registry_url: str, body: dict[str, object]) -> str:
    """An API key issued by the registry's admin API; `body` names the system and its role."""
    response = httpx.post(
        f"{registry_url}/v1/admin/keys",
        json=body,
        headers={"Authorization": f"Bearer {LOCAL_ADMIN_TOKEN}"},
        timeout=30,
    )
    response.raise_for_status()
    token: str = response.json()["token"]
    return token


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


def post_all(registry: httpx.Client, events: list[dict[str, Any]]) -> None:
    """Posts `events` as one batch; every one of them must be accepted."""
    response = registry.post("/v1/events:batch", json=events)
    assert response.status_code == 200, response.text
    refused = [r for r in response.json()["results"] if r["status"] >= 400]
    assert not refused, refused
