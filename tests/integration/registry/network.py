"""Events for one test: the contract's examples with unique ids, a test's own source, and a
reader that shows what really is on a topic."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import orjson
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from livinglab_contracts import spec_for
from livinglab_contracts.examples import example_event

T = TypeVar("T")
# Data fields that name an aggregate: renamed with the network's tag so tests never collide.
_ID_FIELDS = ("initiative_id", "partner_id", "need_offer_id", "publisher_id", "parent_id")


@dataclass
class Network:
    """The example CoP network (cop-limburg, vista-college, ...) under ids only this test uses."""

    source: str
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    def id(self, base: str) -> str:
        return f"{base}-{self.tag}"

    def event(
        self, event_name: str, /, sequence: int = 1, subject: str | None = None, **data: Any
    ) -> dict[str, Any]:
        """The example `event_name` ('partner.registered') with a new id; `data` overrides."""
        raw = example_event(event_name, f"{self.tag}-{uuid.uuid4().hex[:12]}", sequence)
        raw["source"] = self.source
        raw["subject"] = self.id(raw["subject"])
        for name_of_id in _ID_FIELDS:
            if isinstance(raw["data"].get(name_of_id), str):
                raw["data"][name_of_id] = self.id(raw["data"][name_of_id])
        if subject is not None:
            spec = spec_for(raw["type"])
            assert spec is not None
            raw["subject"] = raw["data"][spec.aggregate_field] = subject
        raw["data"].update(data)
        return raw


class TopicLog:
    """What is on each topic, read by one long-lived consumer per topic (no consumer group).

    `read(topic)` returns every record up to the topic's end offsets at the time of the call, so
    after the registry answered, whatever it wrote is in the result.
    """

    def __init__(self, bootstrap: str) -> None:
        self._bootstrap = bootstrap
        self._consumers: dict[str, AIOKafkaConsumer] = {}
        self._records: dict[str, list[ConsumerRecord[bytes, bytes]]] = {}

    async def read(self, topic: str) -> list[ConsumerRecord[bytes, bytes]]:
        consumer = self._consumers.get(topic) or await self._open(topic)
        partitions = list(consumer.assignment())
        ends = await consumer.end_offsets(partitions)
        pending = {tp for tp in partitions if await consumer.position(tp) < ends[tp]}
        async with asyncio.timeout(20):
            while pending:
                batches = await consumer.getmany(*pending, timeout_ms=200)
                for _, batch in sorted(batches.items()):
                    self._records[topic].extend(batch)
                pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
        return list(self._records[topic])

    async def close(self) -> None:
        for consumer in self._consumers.values():
            await consumer.stop()

    async def _open(self, topic: str) -> AIOKafkaConsumer:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap, group_id=None, fetch_max_wait_ms=50
        )
        await consumer.start()
        ids = consumer.partitions_for_topic(topic)
        if ids is None:
            await consumer._client.force_metadata_update()  # as livinglab_common.follower does
            ids = consumer.partitions_for_topic(topic)
        assert ids, f"topic {topic} does not exist"
        partitions = [TopicPartition(topic, p) for p in sorted(ids)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        self._consumers[topic], self._records[topic] = consumer, []
        return consumer


async def read_topic(bootstrap: str, topic: str) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record on `topic` up to its end offsets as of now, with a consumer of its own."""
    log = TopicLog(bootstrap)
    try:
        return await log.read(topic)
    finally:
        await log.close()


def with_event_id(records: list[ConsumerRecord[bytes, bytes]], event_id: str) -> list[Any]:
    return [r for r in records if r.value and orjson.loads(r.value).get("id") == event_id]


async def eventually(check: Callable[[], Awaitable[T]], what: str, timeout_s: float = 20) -> T:
    """Polls `check` until it returns something truthy, or fails after the deadline."""
    deadline, last = time.monotonic() + timeout_s, None
    while time.monotonic() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}; last: {last!r}")
