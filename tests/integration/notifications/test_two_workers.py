"""Two workers share the partitions; when one leaves, the other takes over without repeats."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from tests.integration.notifications.conftest import eventually, start_stack
from tests.integration.notifications.kafka_io import match_event, produce
from tests.integration.notifications.receivers import Mailbox, WebhookReceiver
from tests.support.processes import ServiceProcess

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def test_a_second_worker_shares_the_load_and_takes_over_alone(
    topic_prefix: str,
    kafka_bootstrap: str,
    producer: AIOKafkaProducer,
    receivers: tuple[WebhookReceiver, Mailbox],
) -> None:
    prefix = f"{topic_prefix}pair-{uuid.uuid4().hex[:6]}."
    first = await start_stack(prefix, kafka_bootstrap, producer, receivers)
    second = ServiceProcess("notifications", first.service.env, name="notifications-b")
    subject = f"partner-{uuid.uuid4().hex[:8]}"
    try:
        await asyncio.to_thread(second.start, 60)
        hook = first.receiver.hook()
        sub = await first.subscribe(filters={"subject_ids": [subject]}, webhook={"url": hook})

        # The second worker learns the subscription from the topic.
        async def known_to_second() -> bool:
            async with httpx.AsyncClient(base_url=second.url, timeout=5) as client:
                url = f"/v1/subscriptions/{sub['subscription_id']}"
                answer = await client.get(url, headers={"X-API-Key": first.tokens["zuid"]})
                return answer.status_code == 200

        await eventually(known_to_second, "the subscription on the second worker")

        def received() -> Counter[str]:
            return Counter(json.loads(r.body)["id"] for r in first.receiver.at(hook))

        # Both workers consume; then the first leaves the group and the second goes on alone.
        shared = [
            match_event(match_id=str(uuid.uuid4()), subject_ids=[subject, "x"]) for _ in range(30)
        ]
        for event in shared:
            await produce(producer, prefix, event)
        await eventually(lambda: len(received()) == 30, "thirty webhooks from two workers")
        await asyncio.to_thread(first.service.stop)
        alone = [
            match_event(match_id=str(uuid.uuid4()), subject_ids=[subject, "x"]) for _ in range(30)
        ]
        for event in alone:
            await produce(producer, prefix, event)
        await eventually(lambda: len(received()) == 60, "thirty more from the remaining worker")
        assert received() == Counter(e["id"] for e in shared + alone)
    finally:
        await asyncio.to_thread(second.stop)
        await asyncio.to_thread(first.service.stop)
