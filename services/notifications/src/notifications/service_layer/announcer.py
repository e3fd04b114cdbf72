"""Turns a batch of consumed match events into durable ledger entries, then hands them out.

Order matters for exactly-once: (1) decide against the ledger, (2) write the new ledger entries
and dead letters with acks=all, (3) only then start deliveries and publish to the live feed.
The consumer commits its offsets after `handle` returns, so a crash anywhere before that replays
the batch, and the replay finds every entry from step 2 in the ledger and announces nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from livinglab_contracts import ContractViolation, decode_event

from notifications import metrics
from notifications.domain.changes import MATCH_EVENT_TYPES, change_from_event
from notifications.domain.ledger import DeliveryRecord
from notifications.domain.ledger_view import LedgerView
from notifications.domain.planning import plan
from notifications.domain.subscriptions import Channel, SubscriptionBook
from notifications.service_layer.dead_letters import poison_record
from notifications.service_layer.dispatcher import Dispatcher
from notifications.service_layer.durable import write_durably
from notifications.service_layer.feed import FeedHub, feed_message
from notifications.service_layer.ports import OutRecord, RecordWriter


@dataclass(frozen=True)
class Consumed:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


@dataclass(frozen=True)
class BatchOutcome:
    planned: int
    poison: int


class Announcer:
    def __init__(
        self,
        book: SubscriptionBook,
        ledger: LedgerView,
        writer: RecordWriter,
        dispatcher: Dispatcher,
        feed: FeedHub,
        ledger_topic: str,
        poison_topic: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._book, self._ledger, self._writer = book, ledger, writer
        self._dispatcher, self._feed = dispatcher, feed
        self._ledger_topic, self._poison_topic = ledger_topic, poison_topic
        self._clock = clock

    async def handle(self, records: Sequence[Consumed]) -> BatchOutcome:
        planned: list[DeliveryRecord] = []
        poison: list[OutRecord] = []
        for record in records:
            metrics.RECORDS_CONSUMED.inc()
            try:
                event = decode_event(record.value, MATCH_EVENT_TYPES)
            except ContractViolation as violation:
                origin = f"{record.topic}/{record.partition}/{record.offset}"
                poison.append(poison_record(record.key, record.value, str(violation), origin))
                continue
            metrics.MATCH_EVENTS.labels(event.type).inc()  # decoded, so one of a few types
            change = change_from_event(event)
            entries = plan(change, self._book.all(), self._ledger, record.partition, self._clock())
            for entry in entries:
                # Applied at once so a later revision in the same batch sees this one.
                self._ledger.apply(entry)
            planned.extend(entries)
        ledger_records = [
            OutRecord(e.delivery_id.encode(), e.model_dump_json().encode()) for e in planned
        ]
        await write_durably(self._writer, self._ledger_topic, ledger_records)
        await write_durably(self._writer, self._poison_topic, poison)
        metrics.POISON_RECORDS.inc(len(poison))
        for entry in planned:
            metrics.ANNOUNCEMENTS.labels(entry.channel).inc()
        self.hand_out(planned)
        return BatchOutcome(planned=len(planned), poison=len(poison))

    def hand_out(self, entries: Sequence[DeliveryRecord]) -> None:
        """Feed entries go to the live feed, pending deliveries to their lanes.

        Also called for entries other instances wrote, as the ledger follower sees them.
        """
        for entry in entries:
            if entry.channel is not Channel.FEED:
                self._dispatcher.submit(entry)
                continue
            subscription = self._book.get(entry.subscription_id)
            message = feed_message(entry, subscription.owner) if subscription else None
            if message is not None:
                self._feed.publish(message)
