"""Kafka as the registry and a test see it: produce events, read a topic, describe a group."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.coordinator.protocol import ConsumerProtocolMemberAssignment
from livinglab_contracts import canonical_json, parse_event
from livinglab_contracts.catalog import spec_for


async def produce(bootstrap: str, prefix: str, events: list[dict[str, Any]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        deliveries = []
        for raw in events:
            parsed = parse_event(raw)
            spec = spec_for(parsed.type)
            assert spec is not None
            topic = prefix + spec.topic
            value = canonical_json(parsed)
            deliveries.append(await producer.send(topic, value, key=parsed.subject.encode()))
        await asyncio.gather(*deliveries)
    finally:
        await producer.stop()


async def group_assignment(bootstrap: str, group: str) -> dict[str, set[TopicPartition]]:
    """Member id -> the partitions the group coordinator gave it."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        [response] = await admin.describe_consumer_groups([group])
        [(_error, _group, state, _ptype, _protocol, members)] = response.groups
        found: dict[str, set[TopicPartition]] = {}
        for member_id, _client, _host, _metadata, raw in members:
            decoded = ConsumerProtocolMemberAssignment.decode(raw)
            found[member_id] = {
                TopicPartition(topic, p) for topic, parts in decoded.assignment for p in parts
            }
        assert state == "Stable", state
        return found
    finally:
        await admin.close()


async def read_topic(bootstrap: str, topic: str, partition_count: int = 3) -> list[dict[str, Any]]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(partition_count)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        values: list[dict[str, Any]] = []
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            batch = await consumer.getmany(*partitions, timeout_ms=1000)
            values += [orjson.loads(m.value) for msgs in batch.values() for m in msgs if m.value]
        return values
    finally:
        await consumer.stop()
