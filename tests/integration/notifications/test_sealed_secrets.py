"""Webhook secrets on the subscriptions topic, with a real service process: stored sealed, opened
again after a restart (also with the key rotated), records from before sealing still delivered,
and a secret sealed with a key this service does not have dead-lettered, never a crash."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
import pytest
from aiokafka import AIOKafkaProducer
from cryptography.fernet import Fernet
from livinglab_common.dead_letters import REASON_HEADER
from notifications.domain.secret_box import SecretBox
from notifications.domain.subscriptions import from_record
from pydantic import ValidationError

from tests.integration.notifications.conftest import Stack, eventually, start_stack
from tests.integration.notifications.kafka_io import match_event, produce, read_until
from tests.integration.notifications.receivers import Mailbox, WebhookReceiver
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.integration

SUBSCRIPTIONS_TOPIC = "notifications.subscriptions.v1"
KEY_A = "integration-webhook-secret-key-a-0123456789"
KEY_B = "integration-webhook-secret-key-b-9876543210"


def a_secret() -> str:
    return f"hook-{uuid.uuid4().hex}"  # no whsec_ prefix, so no masking hides it by its shape


def written_past_the_service(
    subject: str, hook: str, secret: object, owner: str = "crm-zuid"
) -> tuple[str, bytes]:
    """A subscription record as another writer put it on the topic: (id, value)."""
    sub_id = str(uuid.uuid4())
    record = {
        "subscription_id": sub_id,
        "owner": owner,
        "created_by_key": "direct",
        "created_at": datetime.now(UTC).isoformat(),
        "filters": {"subject_ids": [subject]},
        "webhook": {"url": hook, "secret": secret},
    }
    return sub_id, orjson.dumps(record)


async def stored_records(stack: Stack, *sub_ids: str) -> dict[str, bytes]:
    topic = stack.prefix + SUBSCRIPTIONS_TOPIC
    wanted = {s.encode() for s in sub_ids}

    def all_there(records: list[Any]) -> bool:
        return wanted <= {r.key for r in records if r.value}

    records = await read_until(stack.bootstrap, topic, all_there)
    return {r.key.decode(): r.value for r in records if r.key in wanted and r.value}


def proposed(subject: str) -> dict[str, Any]:
    return match_event(match_id=str(uuid.uuid4()), subject_ids=[subject, "cop-limburg"])


async def test_a_plain_legacy_record_is_delivered_and_a_foreign_sealed_one_dead_lettered(
    stack: Stack,
) -> None:
    legacy_subject, foreign_subject = (
        f"legacy-{uuid.uuid4().hex[:8]}",
        f"foreign-{uuid.uuid4().hex[:8]}",
    )
    legacy_hook, foreign_hook = stack.receiver.hook(), stack.receiver.hook()
    legacy_secret, foreign_secret = a_secret(), a_secret()
    # Before sealing, records held the secret as a plain string.
    legacy_id, legacy = written_past_the_service(legacy_subject, legacy_hook, legacy_secret)
    # Sealed by a deployment with another key (any Fernet key this service does not hold).
    token = Fernet(Fernet.generate_key()).encrypt(foreign_secret.encode()).decode()
    foreign_id, foreign = written_past_the_service(foreign_subject, foreign_hook, {"fernet": token})
    topic = stack.prefix + SUBSCRIPTIONS_TOPIC
    await stack.producer.send_and_wait(topic, value=foreign, key=foreign_id.encode())
    await stack.producer.send_and_wait(topic, value=legacy, key=legacy_id.encode())

    async def listed() -> set[str]:
        async with stack.client() as client:
            return {s["subscription_id"] for s in (await client.get("/v1/subscriptions")).json()}

    async def legacy_listed() -> bool:
        return legacy_id in await listed()

    await eventually(legacy_listed, "the legacy subscription")
    await produce(stack.producer, stack.prefix, proposed(foreign_subject), partition=0)
    await produce(stack.producer, stack.prefix, proposed(legacy_subject), partition=0)

    # The legacy record works as before: delivered, signed with its plain secret as a raw key.
    [received] = await stack.receiver.wait_for(legacy_hook, 1, timeout_s=30)
    assert received.verified(legacy_secret.encode())

    # The foreign one is a poison record: dead-lettered with the field named, no value in it.
    letters = await read_until(
        stack.bootstrap,
        topic + ".dlq",
        lambda records: any(r.key == foreign_id.encode() for r in records),
        timeout_s=30,
    )
    [letter] = [r for r in letters if r.key == foreign_id.encode()]
    reason = dict(letter.headers)[REASON_HEADER].decode()
    assert "webhook.secret" in reason and "webhook_secret_not_opened" in reason, reason
    assert foreign_secret not in reason and token not in reason
    # ... and never an error: not listed, a 404 by id, the service ready, nothing delivered.
    assert foreign_id not in await listed()
    async with stack.client() as client:
        assert (await client.get(f"/v1/subscriptions/{foreign_id}")).status_code == 404
        assert (await client.get("/ready")).status_code == 200
    assert stack.receiver.at(foreign_hook) == []


@pytest.mark.slow
async def test_a_sealed_secret_is_opened_after_a_restart_with_the_key_rotated(
    topic_prefix: str,
    kafka_bootstrap: str,
    producer: AIOKafkaProducer,
    receivers: tuple[WebhookReceiver, Mailbox],
) -> None:
    prefix = f"{topic_prefix}sealed-{uuid.uuid4().hex[:6]}."
    stack = await start_stack(
        prefix, kafka_bootstrap, producer, receivers, {"NOTIFICATIONS_WEBHOOK_SECRET_KEY": KEY_A}
    )
    try:
        subject, hook, secret = f"partner-{uuid.uuid4().hex[:8]}", stack.receiver.hook(), a_secret()
        before = await stack.subscribe(
            filters={"subject_ids": [subject]}, webhook={"url": hook, "secret": secret}
        )
        stored = (await stored_records(stack, before["subscription_id"]))[before["subscription_id"]]
        assert secret.encode() not in stored
        assert set(orjson.loads(stored)["webhook"]["secret"]) == {"fernet"}

        # Rotation: B seals from now on, A still opens what it sealed. Nothing in memory is
        # left after the restart, so the delivery below is signed with the secret as read back.
        await asyncio.to_thread(stack.service.stop)
        env = stack.service.env | {
            "NOTIFICATIONS_WEBHOOK_SECRET_KEY": KEY_B,
            "NOTIFICATIONS_WEBHOOK_SECRET_KEY_FALLBACKS": KEY_A,
        }
        stack = replace(stack, service=ServiceProcess("notifications", env, name="notifications"))
        await asyncio.to_thread(stack.service.start, 60)
        await produce(producer, prefix, proposed(subject))
        [received] = await stack.receiver.wait_for(hook, 1, timeout_s=30)
        assert received.verified(secret.encode())  # a raw secret (deprecated form): its bytes

        # A subscription made after the rotation is sealed with B alone.
        after = await stack.subscribe(filters={"subject_ids": [subject]}, webhook={"url": hook})
        stored = (await stored_records(stack, after["subscription_id"]))[after["subscription_id"]]
        assert from_record(stored, SecretBox([KEY_B])).webhook is not None
        with pytest.raises(ValidationError):
            from_record(stored, SecretBox([KEY_A]))
        async with httpx.AsyncClient() as client:
            assert (await client.get(f"{stack.service.url}/ready")).status_code == 200
    finally:
        await asyncio.to_thread(stack.service.stop)
