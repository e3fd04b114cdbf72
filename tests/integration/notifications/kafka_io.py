"""Test-side Kafka: issue API keys on the key topic, produce match events, read a topic."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from livinglab_common.keys import API_KEYS_TOPIC, ApiKeyRecord, Role, hash_secret
from livinglab_contracts import MATCHES_TOPIC
from livinglab_contracts.examples import example_event

PEPPER = "local-key-pepper"  # the default both the registry and this service use locally


async def issue_key(producer: AIOKafkaProducer, prefix: str, system: str, role: Role) -> str:
    key_id, secret = uuid.uuid4().hex[:12], uuid.uuid4().hex
    record = ApiKeyRecord(
        key_id=key_id,
        secret_hash=hash_secret(PEPPER, secret),
        system=system,
        role=role,
        created_at=datetime.now(UTC),
    )
    await producer.send_and_wait(
        prefix + API_KEYS_TOPIC, key=key_id.encode(), value=record.model_dump_json().encode()
    )
    return f"llk_{key_id}.{secret}"


def match_event(name: str = "match.proposed", **data: Any) -> dict[str, Any]:
    """A valid match event with a fresh event id; `data` overrides fields of the example."""
    raw = example_event(name, event_id=str(uuid.uuid4()))
    raw["data"] = {**raw["data"], **data}
    raw["subject"] = raw["data"]["match_id"]
    return raw


async def produce(
    producer: AIOKafkaProducer,
    prefix: str,
    event: dict[str, Any] | bytes,
    partition: int | None = None,
) -> float:
    """Sends to the matches topic, keyed by match id; returns time.time() at sending."""
    value = event if isinstance(event, bytes) else orjson.dumps(event)
    key = b"poison" if isinstance(event, bytes) else event["subject"].encode()
    sent_at = time.time()
    await producer.send_and_wait(prefix + MATCHES_TOPIC, value=value, key=key, partition=partition)
    return sent_at


async def read_until(
    bootstrap: str,
    topic: str,
    found: Callable[[list[ConsumerRecord[bytes, bytes]]], bool],
    timeout_s: float = 20.0,
) -> list[ConsumerRecord[bytes, bytes]]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or {0}]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        records: list[ConsumerRecord[bytes, bytes]] = []
        async with asyncio.timeout(timeout_s):
            while not found(records):
                batches = await consumer.getmany(timeout_ms=200)
                records.extend(r for batch in batches.values() for r in batch)
        return records
    finally:
        await consumer.stop()
