"""The three services as real processes against a chosen broker and Neo4j, for one fault test.

Each stack has its own topic prefix, graph namespace and consumer groups, so it shares nothing
with other tests even on the shared servers. Keys are issued through the registry's admin API,
as an operator would; notifications and matching learn them from the key topic.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient

from scripts.create_topics import create_all
from tests.integration.matching.deployments import Deployment, consumed_partitions
from tests.integration.notifications.receivers import WebhookReceiver
from tests.support.processes import ServiceProcess

ADMIN = {"Authorization": "Bearer local-admin-token"}
SHARED_NEO4J = (
    os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"),
    os.environ.get("NEO4J_PASSWORD", "livinglab-dev"),
)


@dataclass
class Stack:
    label: str
    prefix: str
    bootstrap: str
    namespace: str
    neo4j: tuple[str, str]  # uri, password
    group: str = field(default_factory=lambda: f"matching-{uuid.uuid4().hex[:6]}")
    registry: ServiceProcess | None = None
    matching: list[ServiceProcess] = field(default_factory=list)
    notifications: ServiceProcess | None = None
    partner_token: str = ""
    source: str = field(default_factory=lambda: f"/systems/rel-{uuid.uuid4().hex[:8]}")
    coordinator_token: str = ""

    @property
    def deployment(self) -> Deployment:
        """The matching workers as the helpers in tests/integration/matching see them."""
        return Deployment(self.label, self.namespace, self.group, self.matching)

    def registry_env(self, **extra: str) -> dict[str, str]:
        return {
            "TOPIC_PREFIX": self.prefix,
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
            "LOG_LEVEL": "INFO",
            **extra,
        }

    def matching_env(
        self, group: str | None = None, namespace: str | None = None
    ) -> dict[str, str]:
        uri, password = self.neo4j
        return {
            "TOPIC_PREFIX": self.prefix,
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
            "GRAPH_NAMESPACE": namespace or self.namespace,
            "MATCHING_CONSUMER_GROUP": group or self.group,
            "MATCHING_BATCH_WINDOW_S": "0.05",
            "NEO4J_URI": uri,
            "NEO4J_PASSWORD": password,
            "LOG_LEVEL": "INFO",
        }

    def notifications_env(self) -> dict[str, str]:
        return {
            "TOPIC_PREFIX": self.prefix,
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
            "NOTIFICATIONS_CONSUMER_GROUP": f"notifications-{self.label}",
            "NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS": "true",
            "NOTIFICATIONS_MAX_ATTEMPTS": "20",
            "NOTIFICATIONS_BACKOFF_BASE_S": "0.2",
            "NOTIFICATIONS_BACKOFF_MAX_S": "1",
            "NOTIFICATIONS_WEBHOOK_TIMEOUT_S": "5",
            "LOG_LEVEL": "INFO",
        }

    def new_matching(self, n: int | None = None, **env: str) -> ServiceProcess:
        index = len(self.matching) if n is None else n
        return ServiceProcess(
            "matching", {**self.matching_env(), **env}, name=f"matching-{self.label}{index}"
        )

    def new_notifications(self) -> ServiceProcess:
        return ServiceProcess(
            "notifications", self.notifications_env(), name=f"notifications-{self.label}"
        )

    async def start(self, matching: int = 1, notifications: bool = False) -> None:
        await create_all(self.bootstrap, self.prefix)
        self.registry = ServiceProcess(
            "registry", self.registry_env(REGISTRY_PUBLISH_TIMEOUT_S="3"), name=f"reg-{self.label}"
        )
        self.matching = [self.new_matching(n) for n in range(matching)]
        processes = [self.registry, *self.matching]
        if notifications:
            self.notifications = self.new_notifications()
            processes.append(self.notifications)
        await asyncio.gather(*(asyncio.to_thread(p.start, 120) for p in processes))
        self.partner_token = await self.issue_key(
            {"system": f"rel-partner-{self.label}", "sources": [self.source]}
        )
        self.coordinator_token = await self.issue_key(
            {"system": f"rel-coordinator-{self.label}", "role": "coordinator"}
        )

    async def issue_key(self, body: dict[str, Any]) -> str:
        assert self.registry is not None
        async with httpx.AsyncClient(base_url=self.registry.url, timeout=30) as client:
            response = await client.post("/v1/admin/keys", json=body, headers=ADMIN)
        assert response.status_code == 201, response.text
        token: str = response.json()["token"]
        return token

    async def subscribe_webhook(
        self, receiver: WebhookReceiver, hold: asyncio.Event | None = None
    ) -> tuple[str, str]:
        """A subscription to every match change, with a webhook; (subscription id, hook url).
        While `hold` is cleared, the hook keeps requests waiting (deliveries stay in flight).

        The coordinator key may only arrive at notifications through the key topic a moment
        after the registry issued it, so a 401 is retried."""
        assert self.notifications is not None
        hook = receiver.hook(hold=hold)
        headers = {"X-API-Key": self.coordinator_token}
        async with httpx.AsyncClient(
            base_url=self.notifications.url, headers=headers, timeout=30
        ) as client:
            for _ in range(200):
                response = await client.post(
                    "/v1/subscriptions", json={"name": "all", "webhook": {"url": hook}}
                )
                if response.status_code != 401:
                    break
                await asyncio.sleep(0.1)
        assert response.status_code == 201, response.text
        return response.json()["subscription_id"], hook

    async def stop(self) -> None:
        processes = [self.registry, *self.matching, self.notifications]
        await asyncio.gather(
            *(asyncio.to_thread(p.stop) for p in processes if p is not None),
        )


async def group_offsets(
    bootstrap: str, prefix: str, group: str
) -> tuple[dict[str, int], dict[str, int]]:
    """(end offsets, the matching group's committed offsets) per consumed partition."""
    partitions = consumed_partitions(prefix)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await consumer.start()
    await admin.start()
    try:
        ends = await consumer.end_offsets(partitions)
        committed = await admin.list_consumer_group_offsets(prefix + group)
        return (
            {f"{tp.topic}/{tp.partition}": end for tp, end in ends.items()},
            {f"{tp.topic}/{tp.partition}": meta.offset for tp, meta in committed.items()},
        )
    finally:
        await admin.close()
        await consumer.stop()
