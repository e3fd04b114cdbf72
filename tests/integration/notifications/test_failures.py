"""What cannot be delivered or read ends in a dead-letter topic with the reason."""

from __future__ import annotations

import json
import uuid

import pytest
from aiokafka import ConsumerRecord
from livinglab_contracts import MATCHES_TOPIC, dead_letter_topic
from notifications.topics import NOTIFICATIONS_DLQ

from tests.integration.notifications.conftest import Stack, eventually
from tests.integration.notifications.kafka_io import match_event, produce, read_until

pytestmark = pytest.mark.integration
Records = list[ConsumerRecord[bytes, bytes]]


async def test_a_receiver_that_never_recovers_ends_in_the_dlq_with_the_reason(
    stack: Stack, unique_subject: str
) -> None:
    hook = stack.receiver.hook(fail_first=10**6, failure_status=500)
    sub = await stack.subscribe(filters={"subject_ids": [unique_subject]}, webhook={"url": hook})
    await produce(
        stack.producer, stack.prefix, match_event(subject_ids=[unique_subject, "cop-limburg"])
    )

    async def failed() -> list[dict[str, object]]:
        items = await stack.deliveries(sub["subscription_id"])
        return [d for d in items if d["status"] == "failed"]

    [record] = await eventually(failed, "the delivery to fail")
    assert "gave up after 3 attempts" in str(record["reason"])
    assert len(stack.receiver.at(hook)) == 3

    def dead_letter_for(records: Records) -> Records:
        key = str(record["delivery_id"]).encode()
        return [r for r in records if r.key == key]

    records = await read_until(
        stack.bootstrap, stack.prefix + NOTIFICATIONS_DLQ, lambda rs: bool(dead_letter_for(rs))
    )
    [dead] = dead_letter_for(records)
    body = json.loads(dead.value)
    assert body["reason"] == record["reason"] and len(body["attempts"]) == 3
    assert dict(dead.headers)["x-dlq-reason"].decode() == record["reason"]
    assert body["event"]["data"]["subject_ids"][0] == unique_subject


async def test_a_poison_record_is_dead_lettered_and_the_worker_keeps_going(
    stack: Stack, unique_subject: str
) -> None:
    hook = stack.receiver.hook()
    await stack.subscribe(filters={"subject_ids": [unique_subject]}, webhook={"url": hook})
    poison = f"not a match event {uuid.uuid4()}".encode()
    await produce(stack.producer, stack.prefix, poison, partition=1)
    valid = match_event(subject_ids=[unique_subject, "cop-limburg"])
    await produce(stack.producer, stack.prefix, valid, partition=1)

    await eventually(lambda: stack.receiver.at(hook), "the valid event after the poison")
    records = await read_until(
        stack.bootstrap,
        stack.prefix + dead_letter_topic(MATCHES_TOPIC),
        lambda rs: any(r.value == poison for r in rs),
    )
    [dead] = [r for r in records if r.value == poison]
    reason = dict(dead.headers)["x-dlq-reason"].decode()
    assert "not JSON" in reason
