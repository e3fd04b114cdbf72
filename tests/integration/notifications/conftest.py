"""One notification service process against the real Kafka, with a real webhook receiver and
a real SMTP server. Tests share them and isolate themselves with unique ids and subject ids."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from livinglab_common.keys import Role

from scripts.create_topics import create_all
from tests.integration.notifications.kafka_io import issue_key
from tests.integration.notifications.receivers import Mailbox, WebhookReceiver
from tests.support.processes import ServiceProcess

T = TypeVar("T")
WEBHOOK_ORIGIN = "notifications.test.livinglab.example"  # sent in the validation handshake


async def eventually(check: Callable[[], T | Awaitable[T]], what: str, timeout_s: float = 20) -> T:
    """Polls `check` until it returns something truthy, or fails after the deadline."""
    deadline, last = time.monotonic() + timeout_s, None
    while time.monotonic() < deadline:
        result = check()
        last = await result if isinstance(result, Awaitable) else result
        if last:
            return last
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}; last: {last!r}")


def service_env(prefix: str, bootstrap: str, mailbox: Mailbox) -> dict[str, str]:
    return {
        "TOPIC_PREFIX": prefix,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS": "true",
        "NOTIFICATIONS_SMTP_HOST": "127.0.0.1",
        "NOTIFICATIONS_SMTP_PORT": str(mailbox.port),
        "NOTIFICATIONS_MAX_ATTEMPTS": "3",
        "NOTIFICATIONS_BACKOFF_BASE_S": "0.1",
        "NOTIFICATIONS_BACKOFF_MAX_S": "0.4",
        "NOTIFICATIONS_WEBHOOK_TIMEOUT_S": "3",
        "NOTIFICATIONS_WEBHOOK_ORIGIN": WEBHOOK_ORIGIN,
    }


@dataclass
class Stack:
    prefix: str
    bootstrap: str
    service: ServiceProcess
    producer: AIOKafkaProducer
    receiver: WebhookReceiver
    mailbox: Mailbox
    tokens: dict[str, str]

    def client(self, who: str = "zuid") -> httpx.AsyncClient:
        headers = {"X-API-Key": self.tokens[who]}
        return httpx.AsyncClient(base_url=self.service.url, headers=headers, timeout=10)

    async def subscribe(self, who: str = "zuid", **body: Any) -> dict[str, Any]:
        async with self.client(who) as client:
            response = await client.post("/v1/subscriptions", json=body)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    async def deliveries(self, subscription_id: str, who: str = "zuid") -> list[dict[str, Any]]:
        async with self.client(who) as client:
            response = await client.get(f"/v1/subscriptions/{subscription_id}/deliveries")
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items


@pytest_asyncio.fixture(scope="session")
async def producer(kafka_bootstrap: str) -> AsyncIterator[AIOKafkaProducer]:
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all", linger_ms=0)
    await producer.start()
    yield producer
    await producer.stop()


@pytest_asyncio.fixture(scope="session")
async def receivers() -> AsyncIterator[tuple[WebhookReceiver, Mailbox]]:
    receiver, mailbox = WebhookReceiver(), Mailbox()
    await receiver.start()
    mailbox.start()
    yield receiver, mailbox
    mailbox.stop()
    await receiver.stop()


async def start_stack(
    prefix: str,
    bootstrap: str,
    producer: AIOKafkaProducer,
    receivers: tuple[WebhookReceiver, Mailbox],
    extra_env: dict[str, str] | None = None,
) -> Stack:
    await create_all(bootstrap, prefix)
    # Keys go on the key topic before the service starts, so they are usable once it is ready.
    tokens = {
        "zuid": await issue_key(producer, prefix, "crm-zuid", Role.PARTNER_SYSTEM),
        "noord": await issue_key(producer, prefix, "crm-noord", Role.COORDINATOR),
    }
    receiver, mailbox = receivers
    env = service_env(prefix, bootstrap, mailbox) | (extra_env or {})
    service = ServiceProcess("notifications", env, name="notifications")
    await asyncio.to_thread(service.start, 60)
    return Stack(prefix, bootstrap, service, producer, receiver, mailbox, tokens)


@pytest_asyncio.fixture(scope="session")
async def stack(
    topic_prefix: str,
    kafka_bootstrap: str,
    producer: AIOKafkaProducer,
    receivers: tuple[WebhookReceiver, Mailbox],
) -> AsyncIterator[Stack]:
    running = await start_stack(topic_prefix, kafka_bootstrap, producer, receivers)
    yield running
    await asyncio.to_thread(running.service.stop)


@pytest.fixture
def unique_subject() -> str:
    import uuid

    return f"partner-{uuid.uuid4().hex[:10]}"
