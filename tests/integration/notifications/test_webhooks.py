"""Match events on Kafka reach the right subscribers as signed webhooks, once each."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from tests.integration.notifications.conftest import Stack, eventually
from tests.integration.notifications.kafka_io import match_event, produce

pytestmark = pytest.mark.integration


async def delivered(stack: Stack, subscription_id: str, count: int = 1) -> list[dict[str, Any]]:
    async def finished() -> list[dict[str, Any]]:
        items = await stack.deliveries(subscription_id)
        done = [d for d in items if d["channel"] == "webhook" and d["status"] != "pending"]
        return done if len(done) >= count else []

    return await eventually(finished, "the webhook deliveries to finish")


async def test_a_matching_event_arrives_signed_and_is_recorded(
    stack: Stack, unique_subject: str
) -> None:
    # Subscribe to Zuid-Limburg for one partner, with a webhook.
    hook = stack.receiver.hook()
    sub = await stack.subscribe(
        filters={"regions": ["CR39"], "subject_ids": [unique_subject]}, webhook={"url": hook}
    )
    # An Amsterdam match, then a Maastricht one, on one partition so they are consumed in order.
    subjects = [unique_subject, "cop-limburg"]
    elsewhere = match_event(match_id=str(uuid.uuid4()), subject_ids=subjects, regions=["GM0363"])
    here = match_event(match_id=str(uuid.uuid4()), subject_ids=subjects, regions=["GM0935"])
    await produce(stack.producer, stack.prefix, elsewhere, partition=0)
    await produce(stack.producer, stack.prefix, here, partition=0)

    # Only the Maastricht match (a municipality inside CR39) arrives, signed.
    [received] = await eventually(lambda: stack.receiver.at(hook), "the webhook")
    # Checked by the Standard Webhooks library: webhook-id, -timestamp (within its 5 minutes)
    # and -signature over id, timestamp and body, with the whsec_ secret from the 201.
    assert sub["webhook_secret"].startswith("whsec_")
    assert received.verified(sub["webhook_secret"])["id"] == here["id"]
    assert received.headers["Content-Type"] == "application/cloudevents+json"

    # The ledger shows one delivered webhook with its single attempt.
    [record] = await delivered(stack, sub["subscription_id"])
    assert record["status"] == "delivered" and record["match_id"] == here["subject"]
    assert record["delivery_id"] == received.headers["webhook-id"]
    assert [a["status_code"] for a in record["attempts"]] == [204]
    assert len(stack.receiver.at(hook)) == 1


async def test_updates_and_withdrawals_are_announced_as_such_in_order(
    stack: Stack, unique_subject: str
) -> None:
    hook = stack.receiver.hook()
    sub = await stack.subscribe(filters={"subject_ids": [unique_subject]}, webhook={"url": hook})
    match = {"match_id": str(uuid.uuid4()), "subject_ids": [unique_subject, "cop-limburg"]}
    for name, revision in (("match.proposed", 1), ("match.updated", 2), ("match.withdrawn", 3)):
        await produce(stack.producer, stack.prefix, match_event(name, revision=revision, **match))

    await delivered(stack, sub["subscription_id"], count=3)
    types = [json.loads(r.body)["type"] for r in stack.receiver.at(hook)]
    assert types == [
        "nl.livinglab.match.proposed.v1",
        "nl.livinglab.match.updated.v1",
        "nl.livinglab.match.withdrawn.v1",
    ]


async def test_a_receiver_failing_twice_then_recovering_gets_the_change_exactly_once(
    stack: Stack, unique_subject: str
) -> None:
    hook = stack.receiver.hook(fail_first=2)
    sub = await stack.subscribe(filters={"subject_ids": [unique_subject]}, webhook={"url": hook})
    await produce(
        stack.producer, stack.prefix, match_event(subject_ids=[unique_subject, "cop-limburg"])
    )

    [record] = await delivered(stack, sub["subscription_id"])
    calls = stack.receiver.at(hook)
    assert [c.status for c in calls] == [503, 503, 204]
    # One webhook-id for every attempt (receivers dedupe on it), each attempt signed anew.
    assert {c.headers["webhook-id"] for c in calls} == {record["delivery_id"]}
    assert all(c.verified(sub["webhook_secret"]) for c in calls)
    assert [c.headers["X-Livinglab-Attempt"] for c in calls] == ["1", "2", "3"]
    assert record["status"] == "delivered"
    assert [a["outcome"] for a in record["attempts"]] == ["retryable", "retryable", "delivered"]
