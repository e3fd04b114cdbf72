"""The label awarder: the admitting instance writes `partner.label-awarded` for each decision
admitting a lab, once (docs/labelling.md, "How a decision reaches matching").

Like the freshness sweep (service_layer/freshness.py) it runs only on the instance holding the
admission lease, once its view has read the registry topics and the labelling topic (at a
takeover: to their log end), so what was written before, here or at another instance, is in the
view (`view.events`, by the event id derived from the application) and is not written again.
An award sent but not yet acknowledged is remembered by its id until Kafka answers.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable

from livinglab_contracts import parse_event
from livinglab_contracts.freshness import REGISTRY_SOURCE

from registry.adapters.kafka_publisher import Publisher, PublishUnavailable
from registry.domain.events import from_contract
from registry.domain.label_awards import award_event, due_awards
from registry.domain.labelling import LabellingBook
from registry.domain.records import Position
from registry.domain.view import RegistryView

log = logging.getLogger(__name__)


class LabelAwarder:
    def __init__(
        self,
        view: RegistryView,
        book: LabellingBook,
        publisher: Publisher,
        topic_prefix: str,
        interval_s: float,
        may_award: Callable[[], bool],
    ) -> None:
        self._view, self._book, self._publisher = view, book, publisher
        self._prefix, self._interval, self._may_award = topic_prefix, interval_s, may_award
        self._in_flight: set[str] = set()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="label-awards")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                if self._may_award():
                    await self.award()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("label awards failed; trying again next interval")

    def _written(self, event_id: str) -> bool:
        return event_id in self._in_flight or (REGISTRY_SOURCE, event_id) in self._view.events

    async def award(self) -> int:
        """Writes the label-awarded events due now; returns how many Kafka acknowledged."""
        awards = due_awards(self._book, self._view.aggregates, self._written)
        if not awards:
            return 0
        events = [
            from_contract(parse_event(award_event(a, self._view.aggregates[a.partner_id])))
            for a in awards
        ]
        topics = [self._prefix + event.topic for event in events]
        for topic, event in zip(topics, events, strict=True):
            self._view.send(topic, event.canonical)
        ids = {a.event_id for a in awards}
        self._in_flight |= ids
        written = 0
        try:
            outcomes = await self._publisher.publish_all(
                [(t, e.subject.encode(), e.canonical) for t, e in zip(topics, events, strict=True)]
            )
            for topic, event, outcome in zip(topics, events, outcomes, strict=True):
                digest = hashlib.sha256(event.canonical).hexdigest()
                if isinstance(outcome, PublishUnavailable):
                    self._view.settle(event, digest, topic, None)
                    continue
                at = Position(outcome.topic, outcome.partition, outcome.offset)
                self._view.settle(event, digest, topic, at)
                written += 1
        finally:
            self._in_flight -= ids
        if written:
            log.info("labels: wrote %d partner.label-awarded event(s)", written)
        return written
