"""The whole system as real processes for the abuse tests: registry, matching and notifications
on their own topics and graph namespace, a partner-system and a coordinator key, and Neo4j."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import pytest
from neo4j import Driver, GraphDatabase

from scripts.create_topics import create_all
from tests.integration.registry.harness import issue_key, registry_env
from tests.integration.registry.network import Network
from tests.support.processes import ServiceProcess
from tests.support.system import stack_env

T = TypeVar("T")


@dataclass(frozen=True)
class Abused:
    registry: ServiceProcess
    matching: ServiceProcess
    notifications: ServiceProcess
    namespace: str
    partner_source: str
    partner_key: str
    coordinator_key: str

    def registry_client(self) -> httpx.Client:
        headers = {"X-API-Key": self.partner_key}
        return httpx.Client(base_url=self.registry.url, headers=headers, timeout=30)

    def matching_client(self) -> httpx.Client:
        headers = {"X-API-Key": self.coordinator_key}
        return httpx.Client(base_url=self.matching.url, headers=headers, timeout=30)

    def notifications_client(self) -> httpx.Client:
        headers = {"X-API-Key": self.coordinator_key}
        return httpx.Client(base_url=self.notifications.url, headers=headers, timeout=30)

    def network(self) -> Network:
        """The example network under ids of its own, posted under the partner key's source."""
        return Network(self.partner_source)


@pytest.fixture(scope="session")
def abused(
    topic_prefix: str,
    graph_namespace: str,
    kafka_bootstrap: str,
    neo4j_auth: tuple[str, str, str],
) -> Iterator[Abused]:
    prefix, namespace = f"{topic_prefix}sec.", f"{graph_namespace}-sec"
    asyncio.run(create_all(kafka_bootstrap, prefix))
    env = stack_env(prefix, namespace, kafka_bootstrap)
    registry = ServiceProcess(
        "registry", registry_env(prefix, kafka_bootstrap), name="registry-sec"
    ).start()
    matching = ServiceProcess("matching", env, name="matching-sec")
    notifications = ServiceProcess("notifications", env, name="notifications-sec")
    source = f"/systems/sec-{uuid.uuid4().hex[:8]}"
    try:
        partner = issue_key(registry.url, system="sec-partner", sources=[source])["token"]
        coordinator = issue_key(registry.url, system="sec-coordinator", role="coordinator")
        # Started after the keys exist: each is ready only once it has read all of them.
        matching.start()
        notifications.start()
        yield Abused(
            registry, matching, notifications, namespace, source, partner, coordinator["token"]
        )
    finally:
        notifications.stop()
        matching.stop()
        registry.stop()
        uri, user, password = neo4j_auth
        with GraphDatabase.driver(uri, auth=(user, password)) as driver:
            driver.execute_query("MATCH (n {ns: $ns}) DETACH DELETE n", ns=namespace)


@pytest.fixture(scope="session")
def neo4j(neo4j_auth: tuple[str, str, str]) -> Iterator[Driver]:
    uri, user, password = neo4j_auth
    with GraphDatabase.driver(uri, auth=(user, password)) as driver:
        driver.verify_connectivity()
        yield driver


def error_of(response: httpx.Response) -> tuple[int, str]:
    """(status, error code) of a refusal in the one error shape; fails on any other body."""
    body: dict[str, Any] = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["status"] == response.status_code, body
    return response.status_code, str(body["error"]["code"])
