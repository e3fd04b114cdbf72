"""Registry, matching and notifications as real processes on topics of their own, for the access
and secrets tests: keys issued through the registry's admin API, and helpers to read every record
of every topic of the prefix and every log line the processes wrote."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from neo4j import GraphDatabase

from scripts.create_topics import create_all
from tests.integration.registry.harness import ADMIN, registry_env
from tests.integration.registry.network import Network
from tests.support.processes import ServiceProcess
from tests.support.system import stack_env

T = TypeVar("T")
# Per key and service; low enough to reach in a test, high enough for a test's polling (a
# refused request takes no token, and two come back every second).
RATE_LIMIT_PER_MINUTE = 120


@dataclass(frozen=True)
class Key:
    key_id: str
    token: str
    system: str
    source: str | None = None

    @property
    def secret(self) -> str:
        return self.token.split(".", 1)[1]

    @property
    def headers(self) -> dict[str, str]:
        return {"X-API-Key": self.token}

    def network(self) -> Network:
        assert self.source is not None, "only partner-system keys post events"
        return Network(self.source)


@dataclass
class AccessSystem:
    registry: ServiceProcess
    matching: ServiceProcess
    notifications: ServiceProcess
    prefix: str
    bootstrap: str
    issued: list[Key] = field(default_factory=list)

    @property
    def services(self) -> tuple[ServiceProcess, ...]:
        return (self.registry, self.matching, self.notifications)

    def issue(self, role: str = "partner_system", **body: Any) -> Key:
        """A key for a system of its own (subscriptions belong to the system on the key)."""
        system = f"acc-{role}-{uuid.uuid4().hex[:8]}"
        source = f"/systems/{system}" if role == "partner_system" else None
        request: dict[str, Any] = {"system": system, "role": role} | body
        if source is not None:
            request.setdefault("sources", [source])
        response = httpx.post(
            f"{self.registry.url}/v1/admin/keys", json=request, headers=ADMIN, timeout=30
        )
        assert response.status_code == 201, response.text
        issued = response.json()
        key = Key(issued["key_id"], issued["token"], system, source)
        self.issued.append(key)
        return key

    def revoke(self, key: Key) -> None:
        response = httpx.delete(
            f"{self.registry.url}/v1/admin/keys/{key.key_id}", headers=ADMIN, timeout=30
        )
        assert response.status_code == 200, response.text

    def logs(self) -> str:
        """Everything the three processes of this system have written to their log files."""
        return "\n".join(s.log_path.read_text(errors="replace") for s in self.services)

    def all_records(self) -> dict[str, list[tuple[bytes | None, bytes | None, list[Any]]]]:
        """(key, value, headers) of every record on every topic of this system's prefix."""
        return asyncio.run(read_prefix(self.bootstrap, self.prefix))


async def read_prefix(
    bootstrap: str, prefix: str
) -> dict[str, list[tuple[bytes | None, bytes | None, list[Any]]]]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    await consumer.start()
    try:
        topics = sorted(t for t in await consumer.topics() if t.startswith(prefix))
        consumer.subscribe(topics)  # only to learn every topic's partitions
        await consumer.getmany(timeout_ms=100)
        consumer.unsubscribe()
        partitions = [
            TopicPartition(t, p) for t in topics for p in consumer.partitions_for_topic(t) or {0}
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        found: dict[str, list[tuple[bytes | None, bytes | None, list[Any]]]] = {
            t: [] for t in topics
        }
        async with asyncio.timeout(30):
            while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
                batches = await consumer.getmany(timeout_ms=200)
                for tp, batch in batches.items():
                    found[tp.topic].extend((r.key, r.value, list(r.headers)) for r in batch)
        return found
    finally:
        await consumer.stop()


@pytest.fixture(scope="module", name="access_system")
def access_system_fixture(
    topic_prefix: str,
    graph_namespace: str,
    kafka_bootstrap: str,
    neo4j_auth: tuple[str, str, str],
) -> Iterator[AccessSystem]:
    # One system per test module, on topics and a graph of its own: a module that scans "every
    # record of the prefix" and "every log line" must see all of, and only, its own processes.
    run = uuid.uuid4().hex[:6]
    prefix, namespace = f"{topic_prefix}acc-{run}.", f"{graph_namespace}-acc-{run}"
    asyncio.run(create_all(kafka_bootstrap, prefix))
    env = stack_env(
        prefix,
        namespace,
        kafka_bootstrap,
        # The most talkative level, so "no secret in any log line" covers every line there is.
        LOG_LEVEL="DEBUG",
        # The tests' webhook receivers listen on 127.0.0.1.
        NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS="true",
        NOTIFICATIONS_MAX_ATTEMPTS="2",
        NOTIFICATIONS_BACKOFF_BASE_S="0.1",
        NOTIFICATIONS_BACKOFF_MAX_S="0.2",
        NOTIFICATIONS_WEBHOOK_TIMEOUT_S="3",
        MATCHING_RATE_LIMIT_PER_MINUTE=str(RATE_LIMIT_PER_MINUTE),
        NOTIFICATIONS_RATE_LIMIT_PER_MINUTE=str(RATE_LIMIT_PER_MINUTE),
    )
    registry = ServiceProcess(
        "registry",
        registry_env(prefix, kafka_bootstrap, rate_limit_per_minute=str(RATE_LIMIT_PER_MINUTE))
        | {"LOG_LEVEL": "DEBUG"},
        name="registry-acc",
    ).start()
    matching = ServiceProcess("matching", env, name="matching-acc")
    notifications = ServiceProcess("notifications", env, name="notifications-acc")
    system = AccessSystem(registry, matching, notifications, prefix, kafka_bootstrap)
    try:
        matching.start()
        notifications.start()
        yield system
    finally:
        notifications.stop()
        matching.stop()
        registry.stop()
        uri, user, password = neo4j_auth
        with GraphDatabase.driver(uri, auth=(user, password)) as driver:
            driver.execute_query("MATCH (n {ns: $ns}) DETACH DELETE n", ns=namespace)
