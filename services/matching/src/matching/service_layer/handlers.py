"""The worker's one handler: a batch of records in, graph updated, match changes announced.

A batch is handled whole (`handle`), or in two steps so the worker can overlap them (its
pipeline, entrypoints.worker): `decide` re-scores it in memory while the batch before it is
still being written, and `write` writes it once that one is done.
"""

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
from matching.domain.match_ledger import MatchLedger
from matching.domain.projection import touched_ids, waves
from matching.domain.rebuild import is_quiet, settle
from matching.service_layer.announcements import announce, record_quietly, seed_row, settled
from matching.service_layer.announcer import Announcer
from matching.service_layer.in_flight import InFlight, LedgerReads, OverlaidReads, WholeReads
from matching.service_layer.rescoring import (
    CpuRunner,
    Rescorer,
    on_the_loop,
    withdrawal_reasons,
)

log = logging.getLogger(__name__)
# Match rows (and their outbox records) per query: a batch's ~450 changes in one round trip for
# each, not three (each round trip also waits for the event loop while the next batch is being
# decided); about 5 MB of parameters at most, in one transaction when none is open.
SAVE_CHUNK = 1000
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
    path: str = ""  # ahead | redone | alone (see MatchingService.write); none without events


@dataclass
class Progress:
    """What the worker is doing, for GET /v1/stats: a loader waits until it is idle."""

    batches: int = 0
    working: int = 0  # batches being decided or written
    announcer: Announcer | None = None  # batches written whose events are being sent

    @property
    def announcing(self) -> int:
        return self.announcer.pending if self.announcer is not None else 0

    @property
    def busy(self) -> bool:
        return self.working > 0 or self.announcing > 0


@dataclass(frozen=True)
class Decided:
    """A batch re-scored before its writing (MatchingService.decide), for `write`."""

    records: Sequence[Record]
    events: list[AnyEvent]
    poison: list[tuple[Record, str]]
    version: int  # the namespace's batch version it was decided on
    generation: int  # the rescorer's network it was decided on
    waves: list[dict[str, list[dict[str, Any]]]]  # its rows (domain.projection.waves)
    announced: list[tuple[dict[str, Any], OutboxRecord | None]]
    actions: Counter[str]
    pairs_scored: int
    learned: LearnedWeights


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
        ahead_reader: WholeReads | None = None,
        cpu: CpuRunner = on_the_loop,
    ) -> None:
        """`ahead_reader` reads stored matches in transactions of its own (not the batch's):
        without one no batch is decided ahead. `cpu` runs re-scoring's pure parts."""
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
        self._announcer = Announcer(self._publish)
        self.progress = Progress(announcer=self._announcer)
        self._saved_learning: LearnedWeights | None = None
        self._in_flight = InFlight()
        self._ahead = OverlaidReads(ahead_reader, self._in_flight) if ahead_reader else None
        self._cpu = cpu
        # Whether the last batch found the namespace as this worker left it: while another
        # worker writes too, deciding ahead would mostly be undone (see write).
        self._alone = False
        # The stored matches as this worker's batches decided ahead leave them (None: read
        # them whole at the next batch decided ahead). Any batch written otherwise drops it.
        self._ledger: MatchLedger | None = None

    async def diagnose(self, subject: str, limit: int = 20) -> Diagnosis | None:
        """Why the subject has the proposals it has (domain.diagnosis); KeyError if unknown,
        None until this worker has read the network."""
        async with self._rescorer.guard:  # not while a batch changes it in a thread
            return self._rescorer.diagnose(subject, limit)

    async def prepare(self) -> None:
        """Before consuming: an emptied namespace starts a quiet rebuild (domain.rebuild) from
        what the matches topic announced; a namespace that is being rebuilt goes on with it.
        Otherwise the worker reads the network now, so that its first batch is decided ahead
        like any other (a quiet rebuild reads it at its first batch, which goes alone)."""
        if self._history is not None:
            await self._resume_or_start_rebuild(self._history)
        if self._mark is None:
            await self._read_network()

    async def _read_network(self) -> None:
        async with self._lock.held() as lock, self._rescorer.guard:
            await self._rescorer.catch_up(lock.version)
            self._alone = True  # as after a first batch: nobody wrote since it read
            if self._ahead is not None:
                self._ledger = await self._read_ledger(self._ahead)

    async def _resume_or_start_rebuild(self, history: AnnouncedHistory) -> None:
        async with self._lock.held():
            has_matches, mark, complete = await self._store.rebuild_state()
            if mark is not None and complete:
                self._mark = mark
                return
            if has_matches and mark is None:
                return  # a live namespace
            announced = await history.read()
            if not announced:
                return  # nothing was ever announced, so nothing can be announced twice
            # No worker of this namespace has consumed anything yet: any moment before the
            # first batch is a valid mark.
            offsets = mark or await history.input_ends()
            await self._store.write_mark(offsets, complete=False)
            await self._save([(seed_row(a), None) for a in announced.values()])
            await self._store.write_mark(offsets, complete=True)
        self._mark = offsets
        log.info("rebuilding quietly up to %s from %d announced matches", offsets, len(announced))

    async def handle(self, records: Sequence[Record]) -> Outcome:
        """Decides and writes the batch in one go (nothing may be in flight), and returns once
        its match events are sent."""
        self.progress.working += 1
        try:
            events, poison = self._decode(records)
            outcome = await self._commit(records, events, poison, None)
            await self._announcer.drain()
            return outcome
        finally:
            self.progress.working -= 1
            self.progress.batches += 1

    async def decide(self, records: Sequence[Record]) -> Decided | None:
        """Re-scores the batch in memory before it is written, while the batch before it may
        still be in flight (`write`). None when the batch must be handled alone (`handle`),
        after what is in flight: the worker's first batch, a batch with coordinator feedback
        (it reads what its own writing stores), a quiet rebuild, or another worker writing too.
        """
        events, poison = self._decode(records)
        seen = self._rescorer.seen
        if (
            self._ahead is None
            or not events
            or seen is None
            or not self._alone
            or self._mark is not None
            or any(event_spec(e).aggregate_type == "match" for e in events)
            # another worker has written since: deciding on this network would be undone
            or await self._lock.version() not in (seen - 1, seen)
        ):
            return None
        self.progress.working += 1
        try:
            async with self._rescorer.guard:
                if self._rescorer.seen != seen:  # dropped meanwhile (the batch before failed)
                    return None
                generation = self._rescorer.generation
                if self._ledger is None:  # the batch in flight, if any, laid over the graph
                    self._ledger = await self._read_ledger(self._ahead)
                ledger = self._ledger
                batch_waves = waves(events)
                self._rescorer.apply(events, batch_waves)
                changes = await self._rescorer.changes(
                    touched_ids(events),
                    reasons=withdrawal_reasons(events),
                    reads=LedgerReads(ledger, self._ahead),
                    run=self._cpu,
                )
                said = [(c, a) for c in changes if (a := announce(c)) is not None]
                self._in_flight.hold([(c, row) for c, (row, _) in said])
                ledger.save(row for _, (row, _) in said)
                self._rescorer.advance(seen + 1)  # as writing it will (checked there)
        except BaseException:
            self._rescorer.invalidate()  # it may hold part of this batch
            self._in_flight.clear()
            self._ledger = None
            raise
        finally:
            self.progress.working -= 1
        return Decided(
            records,
            events,
            poison,
            seen,
            generation,
            batch_waves,
            [a for _, a in said],
            Counter(c.action for c, _ in said),
            self._rescorer.pairs_scored,
            self._rescorer.learned,
        )

    async def write(self, decided: Decided) -> Outcome:
        """Writes a decided batch once every batch before it is written: as decided when the
        namespace is still as the decision assumed, else handled anew as `handle` would (another
        worker wrote meanwhile, or the network was dropped after a failure). Returns once it has
        committed; its match events are sent meanwhile, after the batch before's (`drain`)."""
        self.progress.working += 1
        try:
            return await self._commit(decided.records, decided.events, decided.poison, decided)
        finally:
            self.progress.working -= 1
            self.progress.batches += 1

    def _decode(self, records: Sequence[Record]) -> tuple[list[AnyEvent], list[tuple[Record, str]]]:
        events: list[AnyEvent] = []
        poison: list[tuple[Record, str]] = []
        for record in records:
            try:
                events.append(decode_event(record.value, self._allowed_types))
            except ContractViolation as violation:
                poison.append((record, str(violation)))
        return events, poison

    async def _commit(
        self,
        records: Sequence[Record],
        events: list[AnyEvent],
        poison: list[tuple[Record, str]],
        decided: Decided | None,
    ) -> Outcome:
        changes, actions, pairs, path = 0, Counter[str](), 0, ""
        if events:
            quiet = is_quiet(((r.topic, r.partition, r.offset) for r in records), self._mark)
            async with self._lock.held() as lock:
                try:
                    ahead = (
                        decided is not None
                        and decided.version == lock.version
                        and decided.generation == self._rescorer.generation
                    )
                    if decided is not None and not ahead:
                        await self._forget()  # its network is not the namespace's
                    if not ahead:
                        self._in_flight.clear()  # this batch is written alone
                    async with self._batch.open():
                        if decided is not None and ahead:
                            changes, saved, actions = await self._write_decided(decided, lock)
                        else:
                            changes, saved, actions = await self._apply(events, lock, quiet)
                    # Committed: its events go out after everything this worker sent before
                    # (service_layer.announcer); after another worker, whatever the outbox
                    # still holds goes first, under the lock.
                    if saved is None:
                        await self._announcer.drain()
                        await self.flush_outbox()
                    else:
                        self._announcer.submit(saved)
                except BaseException:
                    await self._forget()  # its network may be ahead of what was saved
                    raise
            pairs = (
                decided.pairs_scored
                if decided is not None and ahead
                else self._rescorer.pairs_scored
            )
            path = "alone" if decided is None else "ahead" if ahead else "redone"
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
        return Outcome(len(events), len(poison), changes, actions, pairs, path)

    async def _forget(self) -> None:
        """Drops the network and the batch in flight; waits for a batch being decided
        meanwhile, whose decision is then void (generation) rather than half of the new one."""
        async with self._rescorer.guard:
            self._rescorer.invalidate()
            self._in_flight.clear()
            self._ledger = None
            self._alone = False

    async def _write_decided(
        self, decided: Decided, lock: Held
    ) -> tuple[int, list[OutboxRecord] | None, Counter[str]]:
        await self._writer.write(decided.waves, touched_ids(decided.events), lock.version + 1)
        await lock.advance()
        await self._save(decided.announced)
        if decided.learned != self._saved_learning:
            await self._store.save_learned(decided.learned)
            self._saved_learning = decided.learned
        # Decided on the namespace as this worker left it: what is pending is what it saves now.
        return len(decided.announced), [r for _, r in decided.announced if r], decided.actions

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
        first = self._rescorer.seen is None
        others_wrote = await self._rescorer.catch_up(lock.version)
        self._alone = first or not others_wrote
        # The ledger goes on from the graph as this worker's own batches left it, and is
        # trusted again once this one is saved (a failure drops it: _forget).
        ledger = self._ledger if not (others_wrote or quiet or self._mark) else None
        self._ledger = None
        written = touched_ids(events)
        batch_waves = waves(events)
        await self._writer.write(batch_waves, written, lock.version + 1)
        self._rescorer.apply(events, batch_waves)
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
        if ledger is not None:
            for wave in batch_waves:  # a coordinator's decision, as the projection stores it
                for decision in wave.get("feedback", ()):
                    ledger.note_feedback(decision["id"], decision["feedback"])
            ledger.save(row for row, _ in announced)
            self._ledger = ledger
        if others_wrote or settled:
            # A worker that died after saving may have left records (before ours, in order).
            return settled + len(announced), None, actions
        # Only this worker wrote since its last batch, and it published all it saved then: what
        # is pending is what it just saved, so it publishes that from memory.
        return settled + len(announced), [r for _, r in announced if r is not None], actions

    @staticmethod
    async def _read_ledger(reads: OverlaidReads) -> MatchLedger:
        """Every stored match, with the batch in flight (if any) laid over the graph."""
        return MatchLedger((await reads.all_stored()).values())

    async def drain(self) -> None:
        """Waits until the match events of every batch written so far are sent."""
        await self._announcer.drain()

    async def close(self, timeout_s: float = 5.0) -> None:
        """Stops sending, after at most `timeout_s` (the rest waits in the outbox)."""
        await self._announcer.close(timeout_s)

    async def _publish(self, records: Sequence[OutboxRecord]) -> None:
        """Sends the records, then deletes them from the outbox (a crash in between only sends
        them again, with the same ids)."""
        for start in range(0, len(records), OUTBOX_PAGE):
            page = records[start : start + OUTBOX_PAGE]
            await self._producer.send_all(
                self._matches_topic, [(r.key.encode(), r.value) for r in page]
            )
            await self._store.delete([r.event_id for r in page])

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
