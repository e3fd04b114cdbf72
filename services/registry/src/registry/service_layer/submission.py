"""Accepting events: take in, admit, publish, record. Only what Kafka acked is accepted.

A request is admitted synchronously and in order. Its admitted events form a segment: each is
admitted against the view plus the segment's earlier events (an overlay, in memory only), then
the whole segment is handed to the producer and its acknowledgements are awaited once. An event
that points at an aggregate an earlier event of the segment is about (a membership after its
initiative's registration) starts a new segment, so it is sent only once that one is acked.
Events about one aggregate share a key, hence a partition, and keep their order there.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from livinglab_common.errors import ApiError, ErrorDetail
from livinglab_common.keys import Principal

from registry.adapters.kafka_publisher import Position as PublishedAt
from registry.adapters.kafka_publisher import Publisher, PublishUnavailable
from registry.domain.admission import Duplicate, Refusal, admit
from registry.domain.screening import EventRules
from registry.domain.view import Position, RegistryView
from registry.service_layer.busy import BusyKeys, keys_of
from registry.service_layer.intake import Intake, take_in

log = logging.getLogger(__name__)
RETRY_AFTER_S = 5


@dataclass(frozen=True)
class Accepted:
    id: str
    topic: str
    partition: int
    offset: int
    duplicate: bool = False


class _Segment:
    """Events admitted together and not yet acknowledged, with the keys they hold."""

    def __init__(self, view: RegistryView) -> None:
        self.base = view
        self.items: list[Intake] = []
        self.keys: list[str] = []
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._subjects: set[str] = set()
        self._identities: set[tuple[str, str]] = set()
        self._overlay: RegistryView | None = None

    def depends_on(self, intake: Intake) -> bool:
        return not intake.references.isdisjoint(self._subjects)

    def view_for(self, intake: Intake) -> RegistryView:
        """The view `intake` is admitted against. Admission reads the event's identity, subject
        and references; references to the segment's subjects start a new segment, so only an
        event repeating an identity or subject of the segment needs the overlay (built then)."""
        if intake.event.subject not in self._subjects and intake.identity not in self._identities:
            return self.base
        if self._overlay is None:
            self._overlay = self.base.overlay()
            for item in self.items:
                self._overlay.apply(item.event, item.digest, _placeholder(item.index))
        return self._overlay

    def add(self, intake: Intake, keys: list[str]) -> None:
        self.items.append(intake)
        self.keys.extend(keys)
        self._subjects.add(intake.event.subject)
        self._identities.add(intake.identity)
        if self._overlay is not None:
            self._overlay.apply(intake.event, intake.digest, _placeholder(intake.index))


def _placeholder(index: int) -> Position:
    """Where an event of this request stands until it is acked (partition -1: not in Kafka)."""
    return Position("", -1, index)


class Submission:
    def __init__(
        self,
        view: RegistryView,
        publisher: Publisher,
        topic_prefix: str,
        view_caught_up: asyncio.Event | None = None,
        rules: EventRules | None = None,
        may_admit: Callable[[], bool] | None = None,
    ) -> None:
        self._view = view
        # With several instances only the one holding the admission lease decides; this is
        # asked right before each decision, so nothing is admitted after the lease is lost.
        self._may_admit = may_admit or (lambda: True)
        self._rules = rules or EventRules()
        # Until the view has read the topics, duplicates and owners are unknown: admit nothing.
        self._view_caught_up = view_caught_up
        self._publisher = publisher
        self._topic_prefix = topic_prefix
        self._busy = BusyKeys()
        # Deliveries that timed out but may still land; a retry of the same id waits for them.
        self._in_flight: dict[tuple[str, str], asyncio.Future[PublishedAt]] = {}

    async def submit(
        self, raw: Mapping[str, Any], principal: Principal, payload: bytes | None = None
    ) -> Accepted:
        """One event; `payload` is the request body it was read from, if at hand."""
        intake = take_in(0, raw, self._rules, payload)
        self._refuse_until_caught_up()
        [outcome] = await self._admit_and_publish([intake], principal)
        if isinstance(outcome, ApiError):
            raise outcome
        return outcome

    async def submit_batch(
        self, items: Sequence[Any], principal: Principal
    ) -> list[Accepted | ApiError]:
        """One outcome per item, in order; items are admitted in order (see the module)."""
        outcomes: dict[int, Accepted | ApiError] = {}
        intakes: list[Intake] = []
        for index, item in enumerate(items):
            try:
                intakes.append(take_in(index, item, self._rules, batched=True))
            except ApiError as error:
                outcomes[index] = error
        if intakes:
            try:
                self._refuse_until_caught_up()
                admitted = await self._admit_and_publish(intakes, principal)
            except ApiError as error:
                admitted = [error] * len(intakes)
            outcomes.update(zip((i.index for i in intakes), admitted, strict=True))
        return [outcomes[index] for index in range(len(items))]

    def _refuse_until_caught_up(self) -> None:
        if self._view_caught_up is not None and not self._view_caught_up.is_set():
            raise ApiError(
                503,
                "not_ready",
                "still reading the register from Kafka; nothing was accepted, retry later",
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )

    async def _admit_and_publish(
        self, intakes: list[Intake], principal: Principal
    ) -> list[Accepted | ApiError]:
        results: dict[int, Accepted | ApiError] = {}
        repeats: list[tuple[int, int]] = []  # (index, index of the earlier item it repeats)
        segment = _Segment(self._view)
        for intake in intakes:
            keys = keys_of(intake.event.subject, intake.references, intake.identity)
            segment, problem = await self._wait_turn(intake, keys, segment, results)
            if problem is not None:
                results[intake.index] = problem
                continue
            if not self._may_admit():
                results[intake.index] = _not_admitting()
                continue
            decision = admit(segment.view_for(intake), intake.event, intake.digest, principal)
            if isinstance(decision, Duplicate):
                at = decision.recorded.position
                if at.partition < 0:
                    repeats.append((intake.index, at.offset))
                else:
                    results[intake.index] = Accepted(
                        intake.event.id, at.topic, at.partition, at.offset, duplicate=True
                    )
            elif isinstance(decision, Refusal):
                results[intake.index] = self._refused(decision, intake, principal)
            else:
                segment.add(intake, keys)
                self._busy.hold(keys, segment.done)
        await self._flush(segment, results)
        for index, earlier in repeats:
            first = results[earlier]
            results[index] = (
                Accepted(first.id, first.topic, first.partition, first.offset, duplicate=True)
                if isinstance(first, Accepted)
                else first
            )
        return [results[intake.index] for intake in intakes]

    async def drain(self, timeout_s: float) -> None:
        """Waits until nothing admitted here still waits for Kafka's answer, or `timeout_s`:
        what another instance reads once it takes over must include all of it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while True:
            pending: set[asyncio.Future[Any]] = set(self._busy.holders())
            pending.update(self._in_flight.values())
            remaining = deadline - loop.time()
            if not pending:
                return
            if remaining <= 0:
                log.warning(
                    "%d deliveries still unanswered by Kafka after %ss", len(pending), timeout_s
                )
                return
            await asyncio.wait(pending, timeout=remaining)

    async def _wait_turn(
        self,
        intake: Intake,
        keys: list[str],
        segment: _Segment,
        results: dict[int, Accepted | ApiError],
    ) -> tuple[_Segment, ApiError | None]:
        """Waits until `intake` may be admitted: its keys free, an earlier delivery of it
        settled, what it points at acked. Flushes first, so a waiting request holds nothing."""
        while True:
            holder = self._busy.blocking(keys, segment.done)
            earlier = self._in_flight.get(intake.identity)
            if holder is None and earlier is None and not segment.depends_on(intake):
                return segment, None
            segment = await self._flush(segment, results)
            if holder is not None:
                await asyncio.wait((holder,))
            elif earlier is not None:
                done, _ = await asyncio.wait((earlier,), timeout=RETRY_AFTER_S)
                if not done:
                    return segment, ApiError(
                        503,
                        "kafka_unavailable",
                        "an earlier attempt with this id is still waiting for Kafka; retry later",
                        headers={"Retry-After": str(RETRY_AFTER_S)},
                    )

    async def _flush(self, segment: _Segment, results: dict[int, Accepted | ApiError]) -> _Segment:
        """Publishes the segment, waits once for its acks, records them; a fresh segment."""
        if not segment.items:
            return segment
        if not self._may_admit():
            # The lease was lost while this segment waited its turn: it must not be sent.
            for item in segment.items:
                results[item.index] = _not_admitting()
            self._busy.release(segment.keys, segment.done)
            return _Segment(self._view)
        events = [item.event for item in segment.items]
        topics = [self._topic_prefix + event.topic for event in events]
        for topic, event in zip(topics, events, strict=True):
            self._view.send(topic, event.canonical)
        try:
            outcomes = await self._publisher.publish_all(
                [(t, e.subject.encode(), e.canonical) for t, e in zip(topics, events, strict=True)]
            )
        except BaseException:
            for topic, item in zip(topics, segment.items, strict=True):
                self._view.settle(item.event, item.digest, topic, None)
            self._busy.release(segment.keys, segment.done)
            raise
        for topic, item, outcome in zip(topics, segment.items, outcomes, strict=True):
            if isinstance(outcome, PublishUnavailable):
                if outcome.pending is not None:
                    self._track(item, topic, outcome.pending)
                else:
                    self._view.settle(item.event, item.digest, topic, None)
                results[item.index] = _kafka_unavailable()
                continue
            at = Position(outcome.topic, outcome.partition, outcome.offset)
            self._view.settle(item.event, item.digest, topic, at)
            results[item.index] = Accepted(item.event.id, at.topic, at.partition, at.offset)
        self._busy.release(segment.keys, segment.done)
        return _Segment(self._view)

    def _refused(self, decision: Refusal, intake: Intake, principal: Principal) -> ApiError:
        event = intake.event
        if decision.status == 403:
            # An audit trail of write attempts outside a key's grant: who, as which source,
            # on which aggregate. Never the token (the redaction filter masks one anyway).
            log.warning(
                "refused %s: key %s (system %r) posted %s as source %r for %s %r",
                decision.code,
                principal.key_id,
                principal.system,
                event.type,
                event.source,
                event.aggregate_type,
                event.subject,
            )
        return ApiError(
            decision.status,
            decision.code,
            decision.message,
            [ErrorDetail(field=decision.field, rule=decision.code, message=decision.message)],
        )

    def _track(self, item: Intake, topic: str, pending: asyncio.Future[PublishedAt]) -> None:
        self._in_flight[item.identity] = pending

        def landed(done: asyncio.Future[PublishedAt]) -> None:
            self._in_flight.pop(item.identity, None)
            at: Position | None = None
            if not done.cancelled() and done.exception() is None:
                result = done.result()
                at = Position(result.topic, result.partition, result.offset)
            self._view.settle(item.event, item.digest, topic, at)

        pending.add_done_callback(landed)


def _not_admitting() -> ApiError:
    return ApiError(
        503,
        "not_admitting",
        "another registry instance is taking over admission; nothing was accepted, retry later",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def _kafka_unavailable() -> ApiError:
    return ApiError(
        503,
        "kafka_unavailable",
        "could not store the event durably right now; nothing was accepted, retry later",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )
