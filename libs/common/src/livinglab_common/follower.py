"""Follows whole topics from offset 0 into an in-memory projection (no consumer group).

Used for state that every instance needs in full: the API-key ring, the registry's current-state
view. `caught_up` is set once the end offsets seen at start-up have been applied, which is what
the services' /ready endpoints wait for.

A record the handler cannot apply (it raises PoisonRecord, or fails in any other way) is set
aside and the follower reads on: one bad record must not stop a service from seeing every later
key, subscription or event. With `dead_letter_topic` (given by the service that owns the topic)
it goes there once, with its reason; every instance reads from offset 0 at each start, so the
origins already on the dead-letter topic are read first and not sent again. Without it, the
record is logged and counted in `rejected` (another service owns that dead-letter topic).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError

from livinglab_common.dead_letters import ORIGIN_HEADER, dead_letter, origin_of
from livinglab_common.topics import TopicSpec, ensure_topics

log = logging.getLogger(__name__)

RecordHandler = Callable[[ConsumerRecord[bytes, bytes]], Awaitable[None] | None]


class PoisonRecord(Exception):
    """Raised by a record handler for a record that is not what the topic should hold; the
    message is the reason (it goes into a log line or a dead-letter header, so no secrets)."""


class TopicFollower:
    def __init__(
        self,
        bootstrap_servers: str,
        topics: Sequence[str],
        on_record: RecordHandler,
        name: str = "follower",
        dead_letter_topic: str | None = None,
    ) -> None:
        self._bootstrap = bootstrap_servers
        self._topics = list(topics)
        self._on_record = on_record
        self.name = name
        self.caught_up = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.last_error: str | None = None
        self.rejected: set[str] = set()  # origins of records set aside
        self._dead_letter_topic = dead_letter_topic
        self._dead_lettered: set[str] | None = None  # origins on the dead-letter topic
        self._producer: AIOKafkaProducer | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run_forever(), name=self.name)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._producer is not None:
            await self._producer.stop()

    async def _run_forever(self) -> None:
        # The broker may be down at start-up or later; keep retrying instead of dying. Anything
        # else is retried too: a follower that died would leave its service serving stale state.
        while True:
            try:
                await self._follow()
            except asyncio.CancelledError:
                raise
            except (KafkaError, OSError) as error:
                self.last_error = repr(error)
                log.warning("%s: kafka unavailable (%r), retrying", self.name, error)
                await asyncio.sleep(1.0)
            except Exception as error:
                self.last_error = repr(error)
                log.exception("%s: failed, reading again from the start", self.name)
                await asyncio.sleep(1.0)

    async def _follow(self) -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            group_id=None,
        )
        await consumer.start()
        try:
            partitions = await self._partitions(consumer)
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            targets = await consumer.end_offsets(partitions)
            pending = {tp for tp, end in targets.items() if end > 0}
            if not pending:
                self.caught_up.set()
            while True:
                batches = await consumer.getmany(timeout_ms=500, max_records=1000)
                for tp, records in batches.items():
                    for record in records:
                        await self._apply(record)
                    if tp in pending and records and records[-1].offset + 1 >= targets[tp]:
                        pending.discard(tp)
                if not self.caught_up.is_set():
                    for tp in list(pending):
                        if await consumer.position(tp) >= targets[tp]:
                            pending.discard(tp)
                    if not pending:
                        self.caught_up.set()
                        self.last_error = None
        finally:
            await consumer.stop()

    async def _apply(self, record: ConsumerRecord[bytes, bytes]) -> None:
        try:
            result = self._on_record(record)
            if result is not None:
                await result
        except PoisonRecord as poison:
            await self._set_aside(record, str(poison))
        except Exception as error:
            log.exception("%s: could not apply a record", self.name)
            await self._set_aside(record, f"could not be applied: {type(error).__name__}")

    async def _set_aside(self, record: ConsumerRecord[bytes, bytes], reason: str) -> None:
        origin = origin_of(record.topic, record.partition, record.offset)
        if self._dead_letter_topic is None:
            if origin not in self.rejected:
                log.error("%s: skipping the record at %s: %s", self.name, origin, reason)
            self.rejected.add(origin)
            return
        if self._dead_lettered is None:
            self._dead_lettered = await self._origins_dead_lettered(self._dead_letter_topic)
        if origin not in self._dead_lettered:
            letter = dead_letter(record.key, record.value, reason, origin)
            producer = await self._dead_letter_producer()
            await producer.send_and_wait(
                self._dead_letter_topic, letter.value, letter.key, headers=list(letter.headers)
            )
            self._dead_lettered.add(origin)
            log.warning("%s: dead-lettered %s: %s", self.name, origin, reason)
        self.rejected.add(origin)

    async def _dead_letter_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = AIOKafkaProducer(
                bootstrap_servers=self._bootstrap, acks="all", enable_idempotence=True
            )
            await producer.start()
            self._producer = producer
        return self._producer

    async def _origins_dead_lettered(self, topic: str) -> set[str]:
        """The origins already on the dead-letter topic (it is created when missing)."""
        await ensure_topics(self._bootstrap, [TopicSpec(topic, 1)])
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap, enable_auto_commit=False, group_id=None
        )
        await consumer.start()
        try:
            partitions = await _partitions_of(consumer, topic)
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            ends = await consumer.end_offsets(partitions)
            origins: set[str] = set()
            while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
                batches = await consumer.getmany(timeout_ms=500)
                for records in batches.values():
                    for record in records:
                        headers = dict(record.headers)
                        if ORIGIN_HEADER in headers:
                            origins.add(headers[ORIGIN_HEADER].decode(errors="replace"))
            return origins
        finally:
            await consumer.stop()

    async def _partitions(self, consumer: AIOKafkaConsumer) -> list[TopicPartition]:
        partitions: list[TopicPartition] = []
        for topic in self._topics:
            partitions.extend(await _partitions_of(consumer, topic))
        return partitions


async def _partitions_of(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    ids = consumer.partitions_for_topic(topic)
    if ids is None:
        await consumer._client.force_metadata_update()
        ids = consumer.partitions_for_topic(topic)
    if not ids:
        raise KafkaError(f"topic {topic!r} does not exist; run `make topics`")
    return [TopicPartition(topic, p) for p in sorted(ids)]


async def end_offsets(bootstrap_servers: str, topics: Sequence[str]) -> dict[str, int]:
    """The offset the next record of each partition will get, keyed `topic/partition`."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers, enable_auto_commit=False, group_id=None
    )
    await consumer.start()
    try:
        partitions = [tp for topic in topics for tp in await _partitions_of(consumer, topic)]
        ends = await consumer.end_offsets(partitions)
        return {f"{tp.topic}/{tp.partition}": end for tp, end in ends.items()}
    finally:
        await consumer.stop()
