"""The worker's one handler: a batch of records in, graph updated, match changes announced."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from livinglab_contracts import AnyEvent, ContractViolation, decode_event, event_spec

from matching.adapters.announced_history import AnnouncedHistory
from matching.adapters.batch_transaction import BatchTransaction
from matching.adapters.graph_writer import GraphWriter
from matching.adapters.kafka_producer import EventProducer
from matching.adapters.match_store import MatchStore, OutboxRecord
from matching.adapters.namespace_lock import Held, NamespaceLock
from matching.domain.diagnosis import Diagnosis
from matching.domain.learning import LearnedWeights
from matching.domain.projection import touched_ids, waves
from matching.domain.rebuild import is_quiet, settle
from matching.service_layer.announcements import announce, record_quietly, seed_row, settled
from matching.service_layer.rescoring import Rescorer, withdrawal_reasons

log = logging.getLogger(__name__)
SAVE_CHUNK = 200
OUTBOX_PAGE = 1000


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
    by_action: Mapping[str, int] = field(default_factory=dict)  # announced: proposed | updated | …
    pairs_scored: int = 0


@dataclass
class Progress:
    """What the worker is doing, for GET /v1/stats: a loader waits until it is idle."""

    batches: int = 0
    busy: bool = False


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
        batch: BatchTransaction,
        history: AnnouncedHistory | None = None,
    ) -> None:
        self._lock = lock
        self._batch = batch
        self._writer = writer
        self._rescorer = rescorer
        self._store = store
        self._producer = producer
        self._matches_topic = matches_topic
        self._allowed_types = allowed_types
        self._history = history
        self._mark: dict[str, int] | None = None
        self.progress = Progress()
        self._saved_learning: LearnedWeights | None = None

    def diagnose(self, subject: str, limit: int = 20) -> Diagnosis | None:
        """Why the subject has the proposals it has (domain.diagnosis); KeyError if unknown,
        None until this worker has read the network."""
        return self._rescorer.diagnose(subject, limit)

    async def prepare(self) -> None:
        """Before consuming: an emptied namespace starts a quiet rebuild (domain.rebuild) from
        what the matches topic announced; a namespace that is being rebuilt goes on with it."""
        if self._history is None:
            return
        async with self._lock.held():
            has_matches, mark, complete = await self._store.rebuild_state()
            if mark is not None and complete:
                self._mark = mark
                return
            if has_matches and mark is None:
                return  # a live namespace
            announced = await self._history.read()
            if not announced:
                return  # nothing was ever announced, so nothing can be announced twice
            # No worker of this namespace has consumed anything yet: any moment before the
            # first batch is a valid mark.
            offsets = mark or await self._history.input_ends()
            await self._store.write_mark(offsets, complete=False)
            await self._save([(seed_row(a), None) for a in announced.values()])
            await self._store.write_mark(offsets, complete=True)
        self._mark = offsets
        log.info("rebuilding quietly up to %s from %d announced matches", offsets, len(announced))

    async def handle(self, records: Sequence[Record]) -> Outcome:
        self.progress.busy = True
        try:
            return await self._handle(records)
        finally:
            self.progress.busy = False
            self.progress.batches += 1

    async def _handle(self, records: Sequence[Record]) -> Outcome:
        events: list[AnyEvent] = []
        poison: list[tuple[Record, str]] = []
        for record in records:
            try:
                events.append(decode_event(record.value, self._allowed_types))
            except ContractViolation as violation:
                poison.append((record, str(violation)))
        changes, actions = 0, Counter[str]()
        if events:
            quiet = is_quiet(((r.topic, r.partition, r.offset) for r in records), self._mark)
            async with self._lock.held() as lock:
                try:
                    async with self._batch.open():
                        changes, saved, actions = await self._apply(events, lock, quiet)
                    # Committed: now announced, still under the lock, so revisions stay in order.
                    if saved is None:
                        await self.flush_outbox()
                    else:
                        await self._publish(saved, lock)
                except BaseException:
                    self._rescorer.invalidate()  # its network may be ahead of what was saved
                    raise
        # After the valid events are in: a failure before this point retries the batch, and
        # dead-lettering first would send the same poison again on every retry.
        for record, reason in poison:
            await self._producer.dead_letter(
                f"{record.topic}.dlq",
                record.key,
                record.value,
                reason,
                f"{record.topic}/{record.partition}/{record.offset}",
            )
        return Outcome(
            len(events), len(poison), changes, actions, self._rescorer.pairs_scored if events else 0
        )

    async def _apply(
        self, events: Sequence[AnyEvent], lock: Held, quiet: bool = False
    ) -> tuple[int, list[OutboxRecord] | None, Counter[str]]:
        """Write, re-score, save, in the batch's transaction: one worker at a time per
        namespace (see the lock). Returns the number of changes, the outbox records to
        publish once committed (None: whatever the outbox holds, which may include records a
        worker that died left behind), and the announced changes by action."""
        # Only a quiet rebuild leaves matches to settle, and every worker of a namespace being
        # rebuilt learns of it at start (prepare); without one there is nothing to look for.
        settled = 0 if quiet or self._mark is None else await self._settle()
        others_wrote = await self._rescorer.catch_up(lock.version)
        written = touched_ids(events)
        await self._writer.write(waves(events), written, lock.version + 1)
        self._rescorer.apply(events)
        self._rescorer.advance(await lock.advance())
        feedback = [e.subject for e in events if event_spec(e).aggregate_type == "match"]
        changes = await self._rescorer.changes(written, feedback, withdrawal_reasons(events))
        if quiet:
            rows = [row for row in (record_quietly(c) for c in changes) if row is not None]
            await self._save([(row, None) for row in rows])
            return 0, [], Counter()
        said = [(c.action, a) for c in changes if (a := announce(c)) is not None]
        actions = Counter(action for action, _ in said)
        if settled:
            actions["settled"] += settled  # what a quiet rebuild changed, announced now
        announced = [a for _, a in said]
        await self._save(announced)
        if self._rescorer.learned != self._saved_learning:
            await self._store.save_learned(self._rescorer.learned)
            self._saved_learning = self._rescorer.learned
        if others_wrote or settled:
            # A worker that died after saving may have left records (before ours, in order).
            return settled + len(announced), None, actions
        # Only this worker wrote since its last batch, and it published all it saved then: what
        # is pending is what it just saved, so it publishes that from memory.
        return settled + len(announced), [r for _, r in announced if r is not None], actions

    async def _publish(self, records: Sequence[OutboxRecord], lock: Held | None = None) -> None:
        """Sends the records, then deletes them from the outbox (in the lock's transaction when
        held: a crash before it commits only sends them again, with the same ids)."""
        for start in range(0, len(records), OUTBOX_PAGE):
            page = records[start : start + OUTBOX_PAGE]
            await self._producer.send_all(
                self._matches_topic, [(r.key.encode(), r.value) for r in page]
            )
            await self._store.delete(
                [r.event_id for r in page], lock.transaction if lock is not None else None
            )

    async def _settle(self) -> int:
        """Announces what a quiet rebuild changed, compared with what subscribers heard."""
        announced = 0
        while page := await self._store.unsettled():
            heard: list[tuple[str, str]] = []
            news: list[tuple[dict[str, Any], OutboxRecord | None]] = []
            for unsettled, fingerprint in page:
                settlement = settle(unsettled)
                result = settled(settlement, fingerprint)
                if result is None:
                    heard.append((settlement.match_id, settlement.status))
                else:
                    news.append(result)
            if heard:
                await self._store.settle_quietly(heard)
            await self._save(news)
            announced += len(news)
        return announced

    async def _save(self, announced: Sequence[tuple[dict[str, Any], OutboxRecord | None]]) -> None:
        position = time.time_ns()
        # A match's state and its outbox record are saved together (in the batch's transaction,
        # or chunk by chunk in transactions of their own when none is open).
        for start in range(0, len(announced), SAVE_CHUNK):
            chunk = announced[start : start + SAVE_CHUNK]
            await self._store.save(
                [row for row, _ in chunk], [r for _, r in chunk if r is not None], position + start
            )

    async def flush_outbox(self) -> int:
        """Publishes what the graph says is still to announce; safe to repeat after a crash."""
        sent = 0
        while pending := await self._store.pending(OUTBOX_PAGE):
            # Deleted at once (not in the lock's transaction): the next page is read outside it.
            await self._publish(pending)
            sent += len(pending)
        return sent
