"""One subscriber, several lanes: different matches go out side by side, while each match's
revisions still arrive one after another, in order, once each.

Runs its own service process with a long webhook timeout, so a request the receiver holds stays
one attempt (no timeout, no retry) for as long as the test needs it held.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from notifications.domain.lanes import lane_of

from tests.integration.notifications.conftest import Stack, eventually, start_stack
from tests.integration.notifications.kafka_io import match_event, produce
from tests.integration.notifications.receivers import Mailbox, Received, WebhookReceiver

pytestmark = pytest.mark.integration

LANES = 4


@pytest_asyncio.fixture(scope="module")
async def lanes_stack(
    topic_prefix: str,
    kafka_bootstrap: str,
    producer: AIOKafkaProducer,
    receivers: tuple[WebhookReceiver, Mailbox],
) -> AsyncIterator[Stack]:
    prefix = f"{topic_prefix}lanes-{uuid.uuid4().hex[:6]}."
    env = {"NOTIFICATIONS_WEBHOOK_TIMEOUT_S": "120", "NOTIFICATIONS_LANES_PER_SUBSCRIPTION": "4"}
    stack = await start_stack(prefix, kafka_bootstrap, producer, receivers, env)
    yield stack
    await asyncio.to_thread(stack.service.stop)


def matches_in_other_lanes(count: int) -> list[str]:
    """Match ids the service puts in `count` different lanes of one subscription."""
    found: dict[int, str] = {}
    while len(found) < count:
        match_id = str(uuid.uuid4())
        found.setdefault(lane_of(match_id, LANES), match_id)
    return list(found.values())


def revision_of(received: Received, secret: str) -> tuple[str, int]:
    data = received.verified(secret)["data"]
    return data["match_id"], data["revision"]


async def finished_webhooks(stack: Stack, subscription_id: str, count: int) -> list[dict[str, Any]]:
    async def finished() -> list[dict[str, Any]]:
        items = await stack.deliveries(subscription_id)
        done = [d for d in items if d["channel"] == "webhook" and d["status"] != "pending"]
        return done if len(done) >= count else []

    return await eventually(finished, f"{count} finished webhook deliveries")


async def test_a_held_delivery_does_not_hold_up_another_match_of_the_same_subscriber(
    lanes_stack: Stack,
) -> None:
    stack, held, subject = lanes_stack, asyncio.Event(), f"partner-{uuid.uuid4().hex[:8]}"
    hook = stack.receiver.hook(hold=held)
    sub = await stack.subscribe(filters={"subject_ids": [subject]}, webhook={"url": hook})
    secret = sub["webhook_secret"]
    first, second = matches_in_other_lanes(2)
    try:
        # One partition, so the first match is consumed, and sent, before the second.
        for match_id in (first, second):
            event = match_event(match_id=match_id, subject_ids=[subject, "cop-limburg"])
            await produce(stack.producer, stack.prefix, event, partition=0)

        # The receiver has answered nothing yet, and the second match arrives all the same.
        received = await stack.receiver.wait_for(hook, 2)
        assert [revision_of(r, secret) for r in received] == [(first, 1), (second, 1)]
    finally:
        held.set()

    records = await finished_webhooks(stack, sub["subscription_id"], 2)
    assert {r["status"] for r in records} == {"delivered"}
    assert all(len(r["attempts"]) == 1 for r in records)
    assert len(stack.receiver.at(hook)) == 2


async def test_one_matchs_revisions_arrive_in_order_while_other_matches_pass_them(
    lanes_stack: Stack,
) -> None:
    stack, held, subject = lanes_stack, asyncio.Event(), f"partner-{uuid.uuid4().hex[:8]}"
    hook = stack.receiver.hook(hold=held)
    sub = await stack.subscribe(filters={"subject_ids": [subject]}, webhook={"url": hook})
    secret = sub["webhook_secret"]
    revised, *others = matches_in_other_lanes(LANES)
    subjects = [subject, "cop-limburg"]
    kinds = ("match.proposed", "match.updated", "match.withdrawn")
    try:
        # Three revisions of one match, each followed by another match's proposal.
        for revision, (kind, other) in enumerate(zip(kinds, others, strict=True), start=1):
            event = match_event(kind, match_id=revised, revision=revision, subject_ids=subjects)
            await produce(stack.producer, stack.prefix, event)
            await produce(
                stack.producer,
                stack.prefix,
                match_event(match_id=other, subject_ids=subjects),
            )

        # Every lane has sent its first delivery, and the receiver holds them all: revision 1
        # of the revised match is in flight, so its revision 2 is not sent.
        first_round = await stack.receiver.wait_for(hook, LANES)
        assert sorted(revision_of(r, secret) for r in first_round) == sorted(
            [(revised, 1), *((other, 1) for other in others)]
        )
    finally:
        held.set()

    received = await stack.receiver.wait_for(hook, LANES + 2)
    await finished_webhooks(stack, sub["subscription_id"], LANES + 2)
    arrived = [revision_of(r, secret) for r in stack.receiver.at(hook)]
    assert [revision for match_id, revision in arrived if match_id == revised] == [1, 2, 3]
    assert sorted(arrived) == sorted([(revised, n) for n in (1, 2, 3)] + [(o, 1) for o in others])
    # Once each: one webhook-id per (match, revision), no request sent twice.
    assert len({r.headers["webhook-id"] for r in received}) == len(received) == LANES + 2
