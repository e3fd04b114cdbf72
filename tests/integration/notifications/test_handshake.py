"""The CloudEvents webhook validation handshake against a real receiver: nothing is delivered to
an endpoint before it allowed this service's origin, held events go out once it has, a refusing
endpoint gets nothing, and a re-validation turns it on."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer

from tests.integration.notifications.conftest import (
    WEBHOOK_ORIGIN,
    Stack,
    eventually,
    start_stack,
)
from tests.integration.notifications.kafka_io import match_event, produce
from tests.integration.notifications.receivers import Mailbox, WebhookReceiver

pytestmark = pytest.mark.integration


async def webhook_of(stack: Stack, subscription_id: str) -> dict[str, Any]:
    async with stack.client() as client:
        response = await client.get(f"/v1/subscriptions/{subscription_id}")
    assert response.status_code == 200, response.text
    webhook: dict[str, Any] = response.json()["webhook"]
    return webhook


async def status_becomes(stack: Stack, subscription_id: str, status: str) -> dict[str, Any]:
    async def reached() -> dict[str, Any] | None:
        webhook = await webhook_of(stack, subscription_id)
        return webhook if webhook["status"] == status else None

    return await eventually(reached, f"the webhook to be {status}")


def proposed(subject: str) -> dict[str, Any]:
    return match_event(match_id=str(uuid.uuid4()), subject_ids=[subject, "cop-limburg"])


async def test_the_endpoint_is_asked_with_the_origin_and_becomes_active_before_any_delivery(
    stack: Stack, unique_subject: str
) -> None:
    hook = stack.receiver.hook()
    sub = await stack.subscribe(filters={"subject_ids": [unique_subject]}, webhook={"url": hook})
    assert sub["webhook"]["status"] == "pending_validation"
    webhook = await status_becomes(stack, sub["subscription_id"], "active")
    assert webhook["status_detail"] == f"WebHook-Allowed-Origin: {WEBHOOK_ORIGIN}"
    [asked] = stack.receiver.handshakes_at(hook)
    assert asked.headers["WebHook-Request-Origin"] == WEBHOOK_ORIGIN
    assert stack.receiver.at(hook) == []  # the handshake is an OPTIONS, never a delivery

    event = proposed(unique_subject)
    await produce(stack.producer, stack.prefix, event)
    [received] = await stack.receiver.wait_for(hook, 1, timeout_s=30)
    assert received.verified(sub["webhook_secret"])["id"] == event["id"]
    assert received.headers["WebHook-Request-Origin"] == WEBHOOK_ORIGIN  # on deliveries too
    assert len(stack.receiver.handshakes_at(hook)) == 1  # asked once, not per delivery


async def test_events_for_a_pending_endpoint_are_held_and_delivered_once_it_allows(
    topic_prefix: str,
    kafka_bootstrap: str,
    producer: AIOKafkaProducer,
    receivers: tuple[WebhookReceiver, Mailbox],
) -> None:
    # An own service whose requests wait long enough for the endpoint that is slow to agree,
    # with one lane per subscription, so its two matches keep their order too.
    prefix = f"{topic_prefix}held-{uuid.uuid4().hex[:6]}."
    env = {"NOTIFICATIONS_WEBHOOK_TIMEOUT_S": "120", "NOTIFICATIONS_LANES_PER_SUBSCRIPTION": "1"}
    stack = await start_stack(prefix, kafka_bootstrap, producer, receivers, env)
    answer, subject = asyncio.Event(), f"partner-{uuid.uuid4().hex[:8]}"
    hook = stack.receiver.hook(handshake_hold=answer)
    try:
        sub = await stack.subscribe(filters={"subject_ids": [subject]}, webhook={"url": hook})
        await eventually(lambda: stack.receiver.handshakes_at(hook), "the handshake")
        events = [proposed(subject) for _ in range(2)]
        for event in events:
            await produce(stack.producer, stack.prefix, event, partition=0)

        async def held() -> list[dict[str, Any]]:
            items = await stack.deliveries(sub["subscription_id"])
            webhooks = [d for d in items if d["channel"] == "webhook"]
            return webhooks if len(webhooks) == 2 else []

        # Both are in the ledger, pending, never attempted, while the endpoint has not answered.
        for delivery in await eventually(held, "two webhook deliveries in the ledger"):
            assert delivery["status"] == "pending" and delivery["attempts"] == []
        assert stack.receiver.at(hook) == []
        assert (await webhook_of(stack, sub["subscription_id"]))["status"] == "pending_validation"

        # Once allowed, both arrive, in order.
        answer.set()
        received = await stack.receiver.wait_for(hook, 2, timeout_s=30)
        assert [r.verified(sub["webhook_secret"])["id"] for r in received] == [
            e["id"] for e in events
        ]
        assert (await webhook_of(stack, sub["subscription_id"]))["status"] == "active"
    finally:
        answer.set()
        await asyncio.to_thread(stack.service.stop)


async def test_a_refusing_endpoint_gets_nothing_until_a_revalidation_succeeds(
    stack: Stack, unique_subject: str
) -> None:
    hook = stack.receiver.hook(allow=False)
    sub = await stack.subscribe(filters={"subject_ids": [unique_subject]}, webhook={"url": hook})
    sub_id = sub["subscription_id"]
    webhook = await status_becomes(stack, sub_id, "refused")
    assert "403" in webhook["status_detail"]

    # A change while refused: cancelled in the ledger with the reason, never sent.
    await produce(stack.producer, stack.prefix, proposed(unique_subject))

    async def cancelled() -> list[dict[str, Any]]:
        items = await stack.deliveries(sub_id)
        return [d for d in items if d["channel"] == "webhook" and d["status"] == "cancelled"]

    [dropped] = await eventually(cancelled, "the refused delivery to be cancelled")
    assert dropped["reason"].startswith("webhook_refused:") and dropped["attempts"] == []
    assert stack.receiver.at(hook) == []

    # The endpoint now allows us; a re-validation turns the webhook on for later changes.
    stack.receiver.allow(hook, True)
    async with stack.client() as client:
        again = await client.post(f"/v1/subscriptions/{sub_id}/validation")
    assert again.status_code == 202, again.text
    await status_becomes(stack, sub_id, "active")
    assert len(stack.receiver.handshakes_at(hook)) == 2
    later = proposed(unique_subject)
    await produce(stack.producer, stack.prefix, later)
    [received] = await stack.receiver.wait_for(hook, 1, timeout_s=30)
    assert received.verified(sub["webhook_secret"])["id"] == later["id"]
