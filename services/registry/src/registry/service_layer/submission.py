"""Accepting one event: validate, admit, publish, record. Only what Kafka acked is accepted."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from livinglab_common.errors import ApiError, ErrorDetail
from livinglab_common.keys import Principal

from registry.adapters.kafka_publisher import Position as PublishedAt
from registry.adapters.kafka_publisher import Publisher, PublishUnavailable
from registry.domain.admission import Duplicate, Refusal, admit
from registry.domain.events import RegistryEvent, parse_registry_event
from registry.domain.screening import EventRules, secret_fields, time_problem
from registry.domain.view import Position, RegistryView

log = logging.getLogger(__name__)
RETRY_AFTER_S = 5


class KeyedLocks:
    """One lock per key, kept only while someone holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


@dataclass(frozen=True)
class Accepted:
    id: str
    topic: str
    partition: int
    offset: int
    duplicate: bool = False


class Submission:
    def __init__(
        self,
        view: RegistryView,
        publisher: Publisher,
        topic_prefix: str,
        view_caught_up: asyncio.Event | None = None,
        rules: EventRules | None = None,
    ) -> None:
        self._view = view
        self._rules = rules or EventRules()
        # Until the view has read the topics, duplicates and owners are unknown: admit nothing.
        self._view_caught_up = view_caught_up
        self._publisher = publisher
        self._topic_prefix = topic_prefix
        self._locks = KeyedLocks()
        # Deliveries that timed out but may still land; a retry of the same id waits for them.
        self._in_flight: dict[tuple[str, str], asyncio.Future[PublishedAt]] = {}

    async def submit_batch(
        self, items: Sequence[Any], principal: Principal
    ) -> list[Accepted | ApiError]:
        """Submits in order per aggregate, concurrently across aggregates.

        An item waits only for earlier items about the same aggregate or about an aggregate it
        references (a membership waits for its initiative's registration), so order holds where it
        matters while independent events share producer round-trips.
        """
        last: dict[str, asyncio.Task[Accepted | ApiError]] = {}
        tasks: list[asyncio.Task[Accepted | ApiError]] = []
        for item in items:
            waits_for = [last[key] for key in _keys_of(item) if key in last]
            task = asyncio.create_task(self._submit_after(item, principal, waits_for))
            for key in _keys_of(item):
                last[key] = task
            tasks.append(task)
        return list(await asyncio.gather(*tasks))

    async def _submit_after(
        self, item: Any, principal: Principal, waits_for: list[asyncio.Task[Accepted | ApiError]]
    ) -> Accepted | ApiError:
        if waits_for:
            await asyncio.wait(waits_for)
        try:
            if not isinstance(item, dict):
                raise ApiError(400, "not_an_object", "each batch item must be a JSON object")
            size, limit = len(orjson.dumps(item)), self._rules.max_event_bytes
            if size > limit:
                raise ApiError(
                    413,
                    "event_too_large",
                    f"this event is {size} bytes as JSON; one event may have at most {limit}",
                )
            return await self.submit(item, principal)
        except ApiError as error:
            return error

    async def submit(self, raw: Mapping[str, Any], principal: Principal) -> Accepted:
        self._refuse_secrets(raw)
        event = parse_registry_event(raw)
        problem = time_problem(event.time, datetime.now(UTC), self._rules)
        if problem is not None:
            raise ApiError(
                422,
                "time_out_of_range",
                f"event refused: time: {problem}",
                [ErrorDetail(field="time", rule="time_out_of_range", message=problem)],
            )
        if self._view_caught_up is not None and not self._view_caught_up.is_set():
            raise ApiError(
                503,
                "not_ready",
                "still reading the register from Kafka; nothing was accepted, retry later",
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )
        # Serialise per aggregate (the sequence and ownership checks must see the previous write)
        # and per event identity (two bodies under one source and id, about two aggregates, must
        # not both pass the duplicate check). Always in this order, so nothing can deadlock.
        async with (
            self._locks.hold(f"aggregate:{event.subject}"),
            self._locks.hold(f"id:{event.source} {event.id}"),
        ):
            return await self._submit_locked(event, principal)

    def _refuse_secrets(self, raw: Mapping[str, Any]) -> None:
        fields = secret_fields(raw, self._rules)
        if not fields:
            return
        message = (
            "holds a value shaped like an API key, webhook secret or admin token; nothing was "
            "stored and the value is not repeated here (revoke the key if it is real)"
        )
        raise ApiError(
            422,
            "secret_in_event",
            f"event refused: {fields[0]} {message}",
            [ErrorDetail(field=f, rule="secret_in_event", message=message) for f in fields],
        )

    async def _submit_locked(self, event: RegistryEvent, principal: Principal) -> Accepted:
        digest = hashlib.sha256(event.canonical).hexdigest()
        earlier = self._in_flight.get((event.source, event.id))
        if earlier is not None:
            await self._settle_in_flight(event, digest, earlier)
        decision = admit(self._view, event, digest, principal)
        if isinstance(decision, Duplicate):
            p = decision.recorded.position
            return Accepted(event.id, p.topic, p.partition, p.offset, duplicate=True)
        if isinstance(decision, Refusal):
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
            raise ApiError(
                decision.status,
                decision.code,
                decision.message,
                [ErrorDetail(field=decision.field, rule=decision.code, message=decision.message)],
            )
        topic = self._topic_prefix + event.topic
        try:
            published = await self._publisher.publish(
                topic, event.subject.encode(), event.canonical
            )
        except PublishUnavailable as error:
            if error.pending is not None:
                self._track(event, digest, error.pending)
            raise ApiError(
                503,
                "kafka_unavailable",
                "could not store the event durably right now; nothing was accepted, retry later",
                headers={"Retry-After": str(RETRY_AFTER_S)},
            ) from error
        self._record(event, digest, published)
        return Accepted(event.id, published.topic, published.partition, published.offset)

    def _record(self, event: RegistryEvent, digest: str, at: PublishedAt) -> None:
        self._view.apply(event, digest, Position(at.topic, at.partition, at.offset))

    def _track(
        self, event: RegistryEvent, digest: str, pending: asyncio.Future[PublishedAt]
    ) -> None:
        self._in_flight[(event.source, event.id)] = pending

        def landed(done: asyncio.Future[PublishedAt]) -> None:
            self._in_flight.pop((event.source, event.id), None)
            if not done.cancelled() and done.exception() is None:
                self._record(event, digest, done.result())

        pending.add_done_callback(landed)

    async def _settle_in_flight(
        self, event: RegistryEvent, digest: str, pending: asyncio.Future[PublishedAt]
    ) -> None:
        try:
            await asyncio.wait_for(asyncio.shield(pending), RETRY_AFTER_S)
        except TimeoutError as error:
            raise ApiError(
                503,
                "kafka_unavailable",
                "an earlier attempt with this id is still waiting for Kafka; retry later",
                headers={"Retry-After": str(RETRY_AFTER_S)},
            ) from error
        except Exception:
            return


_REFERENCE_FIELDS = ("initiative_id", "partner_id", "parent_id", "publisher_id", "successor_id")


def _keys_of(item: Any) -> set[str]:
    """The aggregates an item is about or points at (best effort on unvalidated input)."""
    if not isinstance(item, dict):
        return set()
    keys = {item["subject"]} if isinstance(item.get("subject"), str) else set()
    data = item.get("data")
    if isinstance(data, dict):
        keys |= {v for f in _REFERENCE_FIELDS if isinstance(v := data.get(f), str)}
    return keys
