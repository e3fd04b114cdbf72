"""Follows whole topics from offset 0 into an in-memory projection (no consumer group).

Used for state that every instance needs in full: the API-key ring, the registry's current-state
view. `caught_up` is set once the end offsets seen at start-up have been applied, which is what
the services' /ready endpoints wait for.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError

log = logging.getLogger(__name__)

RecordHandler = Callable[[ConsumerRecord[bytes, bytes]], Awaitable[None] | None]


class TopicFollower:
    def __init__(
        self,
        bootstrap_servers: str,
        topics: Sequence[str],
        on_record: RecordHandler,
        name: str = "follower",
    ) -> None:
        self._bootstrap = bootstrap_servers
        self._topics = list(topics)
        self._on_record = on_record
        self.name = name
        self.caught_up = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.last_error: str | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run_forever(), name=self.name)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run_forever(self) -> None:
        # The broker may be down at start-up or later; keep retrying instead of dying.
        while True:
            try:
                await self._follow()
            except asyncio.CancelledError:
                raise
            except (KafkaError, OSError) as error:
                self.last_error = repr(error)
                log.warning("%s: kafka unavailable (%r), retrying", self.name, error)
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
                        result = self._on_record(record)
                        if result is not None:
                            await result
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

    async def _partitions(self, consumer: AIOKafkaConsumer) -> list[TopicPartition]:
        partitions: list[TopicPartition] = []
        for topic in self._topics:
            ids = consumer.partitions_for_topic(topic)
            if ids is None:
                await consumer._client.force_metadata_update()
                ids = consumer.partitions_for_topic(topic)
            if not ids:
                raise KafkaError(f"topic {topic!r} does not exist; run `make topics`")
            partitions.extend(TopicPartition(topic, p) for p in sorted(ids))
        return partitions
