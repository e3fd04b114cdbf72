"""The label awarder: the admitting instance writes `partner.label-awarded` for each decision
admitting a lab, once (docs/labelling.md, "How a decision reaches matching").

Like the freshness sweep (service_layer/freshness.py) it runs only on the instance holding the
admission lease, once its view has read the registry topics and the labelling topic (at a
takeover: to their log end), so what was written before, here or at another instance, is in the
view (`view.events`, by the event id derived from the application) and is not written again.
An award sent but not yet acknowledged is remembered by its id until Kafka answers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from livinglab_contracts import parse_event
from livinglab_contracts.freshness import REGISTRY_SOURCE

from registry.adapters.kafka_publisher import Publisher
from registry.domain.events import from_contract
from registry.domain.label_awards import award_event, due_awards
from registry.domain.labelling import LabellingBook
from registry.domain.view import RegistryView
from registry.service_layer.own_events import Periodic, write_own_events

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
        self._prefix = topic_prefix
        self._in_flight: set[str] = set()
        self._periodic = Periodic("label awards", interval_s, may_award, self.award)

    def start(self) -> None:
        self._periodic.start()

    async def stop(self) -> None:
        await self._periodic.stop()

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
        ids = {a.event_id for a in awards}
        self._in_flight |= ids
        try:
            written = await write_own_events(self._view, self._publisher, self._prefix, events)
        finally:
            self._in_flight -= ids
        if written:
            log.info("labels: wrote %d partner.label-awarded event(s)", written)
        return written
