"""Kill -9, restart and full replay: nothing is announced twice and nothing is lost.

Runs its own service process on its own topic prefix, so the other tests' traffic stays out.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from dataclasses import replace

import pytest
from aiokafka import AIOKafkaProducer

from tests.integration.notifications.conftest import Stack, eventually, start_stack
from tests.integration.notifications.kafka_io import match_event, produce
from tests.integration.notifications.receivers import Mailbox, WebhookReceiver
from tests.support.processes import ServiceProcess

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def event_ids(stack: Stack, hook: str) -> Counter[str]:
    return Counter(json.loads(r.body)["id"] for r in stack.receiver.at(hook))


async def restart(stack: Stack, **extra_env: str) -> Stack:
    service = ServiceProcess(
        "notifications", {**stack.service.env, **extra_env}, name="notifications"
    )
    await asyncio.to_thread(service.start, 60)
    return replace(stack, service=service)


async def test_restarts_and_replays_duplicate_nothing_and_lose_nothing(
    topic_prefix: str,
    kafka_bootstrap: str,
    producer: AIOKafkaProducer,
    receivers: tuple[WebhookReceiver, Mailbox],
) -> None:
    prefix = f"{topic_prefix}restart-{uuid.uuid4().hex[:6]}."
    stack = await start_stack(prefix, kafka_bootstrap, producer, receivers)
    subject, held = f"partner-{uuid.uuid4().hex[:8]}", asyncio.Event()
    try:
        hook, slow_hook = stack.receiver.hook(), stack.receiver.hook(hold=held)
        filters = {"subject_ids": [subject]}
        sub = await stack.subscribe(filters=filters, webhook={"url": hook})
        slow_subject = f"slow-{subject}"
        await stack.subscribe(filters={"subject_ids": [slow_subject]}, webhook={"url": slow_hook})

        def proposed(who: str = subject) -> dict[str, object]:
            return match_event(match_id=str(uuid.uuid4()), subject_ids=[who, "cop-limburg"])

        # Phase 1: ten changes delivered and recorded; one more stuck in flight at a slow receiver.
        before = [proposed() for _ in range(10)]
        for event in before:
            await produce(producer, prefix, event)
        stuck = proposed(slow_subject)
        await produce(producer, prefix, stuck)

        async def all_delivered(count: int) -> bool:
            items = await stack.deliveries(sub["subscription_id"])
            return (
                sum(d["status"] == "delivered" and d["channel"] == "webhook" for d in items)
                == count
            )

        await eventually(lambda: all_delivered(10), "ten recorded deliveries")
        await eventually(lambda: stack.receiver.at(slow_hook), "the stuck delivery in flight")

        # Phase 2: kill -9, ten more changes while the service is down, restart.
        await asyncio.to_thread(stack.service.stop, True)
        held.set()
        during = [proposed() for _ in range(10)]
        for event in during:
            await produce(producer, prefix, event)
        stack = await restart(stack)
        await eventually(lambda: all_delivered(20), "twenty recorded deliveries")
        assert event_ids(stack, hook) == Counter(e["id"] for e in before + during)
        # The in-flight one is resent once, under the same delivery id, so receivers can dedupe.
        resent = await eventually(lambda: stack.receiver.at(slow_hook)[1:], "the resent delivery")
        first_try = stack.receiver.at(slow_hook)[0]
        assert {r.headers["webhook-id"] for r in resent} == {first_try.headers["webhook-id"]}

        # Phase 3: a new consumer group replays the whole topic; one marker per partition after it.
        await asyncio.to_thread(stack.service.stop)
        stack = await restart(stack, NOTIFICATIONS_CONSUMER_GROUP=f"replay-{uuid.uuid4().hex[:6]}")
        markers = [proposed() for _ in range(3)]
        for partition, event in enumerate(markers):
            await produce(producer, prefix, event, partition=partition)
        await eventually(lambda: all_delivered(23), "the markers after the replay")
        assert event_ids(stack, hook) == Counter(e["id"] for e in before + during + markers)
        assert len(stack.receiver.at(slow_hook)) == 2
    finally:
        held.set()
        await asyncio.to_thread(stack.service.stop)
