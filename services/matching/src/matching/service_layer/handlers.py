"""The worker's one handler: a batch of records in, graph updated, match changes announced."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from livinglab_contracts import AnyEvent, ContractViolation, decode_event, event_spec

from matching.adapters.graph_writer import GraphWriter
from matching.adapters.kafka_producer import EventProducer
from matching.adapters.match_store import MatchStore
from matching.adapters.namespace_lock import NamespaceLock
from matching.domain.projection import waves
from matching.service_layer.announcements import announce
from matching.service_layer.rescoring import Rescorer, touched_by

log = logging.getLogger(__name__)
SAVE_CHUNK = 200


@dataclass(frozen=True)
class Record:
    topic: str
    key: bytes | None
    value: bytes | None
    partition: int
    offset: int


@dataclass(frozen=True)
class Outcome:
    applied: int
    dead_lettered: int
    changes: int


class MatchingService:
    def __init__(
        self,
        writer: GraphWriter,
        rescorer: Rescorer,
        store: MatchStore,
        producer: EventProducer,
        matches_topic: str,
        allowed_types: Sequence[str],
        lock: NamespaceLock,
    ) -> None:
        self._lock = lock
        self._writer = writer
        self._rescorer = rescorer
        self._store = store
        self._producer = producer
        self._matches_topic = matches_topic
        self._allowed_types = allowed_types

    async def handle(self, records: Sequence[Record]) -> Outcome:
        events: list[AnyEvent] = []
        dead = 0
        for record in records:
            try:
                events.append(decode_event(record.value, self._allowed_types))
            except ContractViolation as violation:
                dead += 1
                await self._producer.dead_letter(
                    f"{record.topic}.dlq",
                    record.key,
                    record.value,
                    str(violation),
                    f"{record.topic}/{record.partition}/{record.offset}",
                )
        if not events:
            return Outcome(0, dead, 0)
        async with self._lock.held():
            changes = await self._apply(events)
        return Outcome(len(events), dead, changes)

    async def _apply(self, events: Sequence[AnyEvent]) -> int:
        """Write, re-score, save, announce: one worker at a time per namespace (see the lock)."""
        await self._writer.write(waves(events))
        feedback = [e.subject for e in events if event_spec(e).aggregate_type == "match"]
        changes = await self._rescorer.changes(touched_by(events), feedback)
        announced = [a for a in (announce(c) for c in changes) if a is not None]
        position = time.time_ns()
        # Each chunk is one transaction: a match's state and its outbox record stay together,
        # while a large batch stays within Neo4j's per-transaction memory limit.
        for start in range(0, len(announced), SAVE_CHUNK):
            chunk = announced[start : start + SAVE_CHUNK]
            await self._store.save(
                [row for row, _ in chunk], [rec for _, rec in chunk], position + start
            )
        await self.flush_outbox()
        return len(announced)

    async def flush_outbox(self) -> int:
        """Publishes what the graph says is still to announce; safe to repeat after a crash."""
        sent = 0
        while pending := await self._store.pending():
            await self._producer.send_all(
                self._matches_topic, [(r.key.encode(), r.value) for r in pending]
            )
            await self._store.delete([r.event_id for r in pending])
            sent += len(pending)
        return sent
