"""Consumes the matches topic in a consumer group and commits only what the ledger holds.

A plain aiokafka consumer with manual commits rather than a faust agent: what matters here is
the order "ledger entries acknowledged, then offsets committed", which is a few explicit lines
with aiokafka, while faust commits on its own schedule and brings tables and a web server this
worker does not need.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError, KafkaError
from livinglab_common.tracing import Received, batch_span

from notifications import metrics
from notifications.adapters.consuming import committed_reader, restart_on_failure
from notifications.adapters.ledger_sync import LedgerSync
from notifications.domain.ledger_view import LedgerView
from notifications.service_layer.announcer import Announcer, Consumed
from notifications.service_layer.dispatcher import Dispatcher

log = logging.getLogger(__name__)
Batches = dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]]


class _HandOver(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, worker: MatchConsumer) -> None:
        self._worker = worker

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        self._worker.let_go({tp.partition for tp in revoked})

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        await self._worker.take_over({tp.partition for tp in assigned})


class MatchConsumer:
    def __init__(
        self,
        bootstrap_servers: str,
        topic: str,
        group_id: str,
        announcer: Announcer,
        dispatcher: Dispatcher,
        ledger: LedgerView,
        ledger_sync: LedgerSync,
        batch_size: int = 500,
    ) -> None:
        self._bootstrap, self._topic, self._group_id = bootstrap_servers, topic, group_id
        self._announcer, self.dispatcher = announcer, dispatcher
        self._ledger, self._ledger_sync = ledger, ledger_sync
        self._batch_size = batch_size
        self.assigned = asyncio.Event()  # set after the first assignment was taken over
        # aiokafka may hand out records of new partitions while the listener still runs, so
        # batches wait for the take-over and keep only the partitions that were taken over.
        self._settled = asyncio.Event()
        self._taken_over: set[int] = set()
        self._started_ms = time.time() * 1000  # record timestamps are wall-clock milliseconds

    def let_go(self, partitions: set[int]) -> None:
        """Their deliveries stop here; the next owner resumes them from the ledger."""
        self._settled.clear()
        for partition in partitions:
            with contextlib.suppress(KeyError):  # its lag was never measured here
                metrics.CONSUMER_LAG.remove(self._topic, str(partition))
        self._taken_over -= partitions
        self.dispatcher.release(partitions)

    async def take_over(self, partitions: set[int]) -> None:
        """Reads the ledger up to now (another instance may just have written to it), then
        resumes the deliveries still pending for these partitions."""
        self._settled.clear()
        while True:
            try:
                await self._ledger_sync.wait_until_current()
                break
            except (KafkaError, OSError, TimeoutError) as error:
                log.warning("could not catch up with the delivery ledger (%r); retrying", error)
                await asyncio.sleep(1.0)
        self._taken_over = set(partitions)
        self.dispatcher.claim(partitions)
        resumed = [r for r in self._ledger.pending(partitions) if self.dispatcher.submit(r)]
        log.info(
            "took over partitions %s; resuming %d deliveries", sorted(partitions), len(resumed)
        )
        self._settled.set()
        self.assigned.set()

    async def run_forever(self) -> None:
        await restart_on_failure("matches consumer", self._consume)

    async def _consume(self) -> None:
        consumer = committed_reader(self._bootstrap, self._group_id)
        consumer.subscribe([self._topic], listener=_HandOver(self))
        await consumer.start()
        try:
            while True:
                batches = await consumer.getmany(timeout_ms=1000, max_records=self._batch_size)
                await self._note_lag(consumer)
                if batches:
                    await self._handle(consumer, batches)
        finally:
            await consumer.stop()

    async def _note_lag(self, consumer: AIOKafkaConsumer) -> None:
        """Lag of each owned partition after a fetch: the position is known locally then, so
        this asks the broker nothing. The consumer reads committed records only, so the end
        is the last stable offset (an open transaction's records are not lag yet)."""
        for tp in consumer.assignment():
            end = consumer.last_stable_offset(tp)
            if end is None:  # nothing fetched from it yet
                continue
            try:
                position = await consumer.position(tp)
            except IllegalStateError:  # revoked meanwhile
                continue
            metrics.CONSUMER_LAG.labels(tp.topic, str(tp.partition)).set(max(end - position, 0))

    async def _handle(self, consumer: AIOKafkaConsumer, batches: Batches) -> None:
        await self._settled.wait()
        owned = {tp: rs for tp, rs in batches.items() if tp.partition in self._taken_over}
        records = [
            Consumed(r.topic, r.partition, r.offset, r.key, r.value)
            for partition_records in owned.values()
            for r in partition_records
        ]
        received = [
            # Written before this consumer started: a replay, linked to its trace, not continued.
            Received(r.headers, replayed=r.timestamp < self._started_ms, value=r.value)
            for partition_records in owned.values()
            for r in partition_records
        ]
        with batch_span("notifications batch", received):
            await self._announcer.handle(records)
        offsets = {tp: rs[-1].offset + 1 for tp, rs in owned.items() if rs}
        if not offsets:
            return
        try:
            await consumer.commit(offsets)
        except CommitFailedError as error:
            # The group moved on; the new owner replays these and the ledger skips them.
            log.warning("offset commit refused after a rebalance (%s)", error)
