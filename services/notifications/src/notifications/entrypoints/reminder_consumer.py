"""Consumes the registry topics for freshness reminders and delivers each once (issue 19).

Its own consumer group over the three registry topics; only `...confirmation-requested` events
are read, everything else is passed over. The order is the match consumer's: plan against the
ledger, write the ledger entries (acks=all), commit the offsets, then deliver; a crash before
the commit re-reads the batch and the ledger plans nothing twice. Deliveries run in a dispatcher
of their own, over the registry partitions this process was assigned (domain/reminders.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from aiokafka import ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import CommitFailedError
from livinglab_contracts import ContractViolation, decode_event

from notifications.adapters.consuming import committed_reader, restart_on_failure
from notifications.domain.ledger import DeliveryRecord
from notifications.domain.ledger_view import LedgerView
from notifications.domain.reminders import (
    REMINDER_TYPES,
    plan_reminder,
    reminder_from_event,
    source_partition,
)
from notifications.domain.subscriptions import SubscriptionBook
from notifications.service_layer.dispatcher import Dispatcher
from notifications.service_layer.durable import write_durably
from notifications.service_layer.ports import OutRecord, RecordWriter

log = logging.getLogger(__name__)
_MARK = b"confirmation-requested"  # every reminder's type holds it; most records do not


class _HandOver(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, worker: ReminderConsumer) -> None:
        self._worker = worker

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        self._worker.dispatcher.release(self._worker.codes(revoked))

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        self._worker.take_over(assigned)


class ReminderConsumer:
    def __init__(
        self,
        bootstrap_servers: str,
        topics: Sequence[str],
        group_id: str,
        book: SubscriptionBook,
        ledger: LedgerView,
        writer: RecordWriter,
        ledger_topic: str,
        dispatcher: Dispatcher,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._bootstrap, self._topics, self._group_id = bootstrap_servers, list(topics), group_id
        self._book, self._ledger, self._writer = book, ledger, writer
        self._ledger_topic, self.dispatcher, self._clock = ledger_topic, dispatcher, clock

    def code(self, topic: str, partition: int) -> int:
        return source_partition(self._topics.index(topic), partition)

    def codes(self, partitions: Sequence[TopicPartition]) -> set[int]:
        return {self.code(tp.topic, tp.partition) for tp in partitions if tp.topic in self._topics}

    def take_over(self, assigned: Sequence[TopicPartition]) -> None:
        """Resumes the reminder deliveries still pending for these partitions (the ledger is
        read before this consumer starts; runtime.py)."""
        codes = self.codes(assigned)
        self.dispatcher.claim(codes)
        for record in self._ledger.pending(codes):
            self.dispatcher.submit(record)

    async def run_forever(self) -> None:
        await restart_on_failure("reminder consumer", self._consume)

    async def _consume(self) -> None:
        consumer = committed_reader(self._bootstrap, self._group_id)
        consumer.subscribe(self._topics, listener=_HandOver(self))
        await consumer.start()
        try:
            while True:
                batches = await consumer.getmany(timeout_ms=1000, max_records=500)
                if not batches:
                    continue
                planned: list[DeliveryRecord] = []
                for tp, records in batches.items():
                    for record in records:
                        if record.value is None or _MARK not in record.value:
                            continue
                        planned += self._plan(record.value, self.code(tp.topic, tp.partition))
                await write_durably(
                    self._writer,
                    self._ledger_topic,
                    [
                        OutRecord(e.delivery_id.encode(), e.model_dump_json().encode())
                        for e in planned
                    ],
                )
                offsets = {tp: rs[-1].offset + 1 for tp, rs in batches.items() if rs}
                try:
                    await consumer.commit(offsets)
                except CommitFailedError as error:
                    log.warning("reminder offsets not committed after a rebalance (%s)", error)
                for entry in planned:
                    self.dispatcher.submit(entry)
        finally:
            await consumer.stop()

    def _plan(self, value: bytes, partition: int) -> list[DeliveryRecord]:
        try:
            event = decode_event(value, REMINDER_TYPES)
        except ContractViolation:
            return []  # another registry event that happens to hold the mark
        reminder = reminder_from_event(event)
        entries = plan_reminder(reminder, self._book.all(), self._ledger, partition, self._clock())
        for entry in entries:
            self._ledger.apply(entry)  # a second copy in the same batch sees this one
        if entries:
            log.info(
                "freshness reminder %s for %s: %d deliveries", event.id, event.subject, len(entries)
            )
        return entries
