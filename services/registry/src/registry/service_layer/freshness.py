"""The freshness sweep: the admitting instance writes the reminders and stale marks that are due.

Only the instance holding the admission lease sweeps, and only once its view has read the
registry topics (at a takeover: to their log end), so what earlier sweeps wrote, here or at
another instance, is in the view and is not written again. Events written here are applied to
the view once Kafka acknowledged them, like admitted events; a notice sent but not yet
acknowledged is remembered by its key so the next sweep does not send it twice.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from livinglab_common.keys import KeyRing
from livinglab_contracts import parse_event
from livinglab_contracts.freshness import REGISTRY_SOURCE

from registry.adapters.kafka_publisher import Publisher
from registry.domain.events import from_contract
from registry.domain.freshness import KIND_OF_TYPE, FreshnessPolicy, Notice, due_notices
from registry.domain.records import Aggregate
from registry.domain.view import RegistryView
from registry.service_layer.own_events import Periodic, write_own_events

log = logging.getLogger(__name__)
_NOTICE_IDS = uuid.UUID("0b9e6c1e-4f59-4f0e-9d4e-7d1f3b6a2c58")
_ID_FIELD = {"partner": "partner_id", "initiative": "initiative_id", "need_offer": "need_offer_id"}


def notice_event(notice: Notice, aggregate: Aggregate, owner_system: str | None) -> dict[str, Any]:
    """The CloudEvent of a notice. Its id is derived from the aggregate, the action and the
    cycle, so the same notice written twice (two holders in a takeover) is one event."""
    kind = KIND_OF_TYPE[notice.aggregate_type]
    last = notice.last_confirmed.isoformat()
    cycle = f"{notice.aggregate_id}|{notice.action}|{notice.cycle}"
    name = aggregate.state.get("name") or aggregate.state.get("title")
    data: dict[str, Any] = {
        _ID_FIELD[notice.aggregate_type]: notice.aggregate_id,
        "last_confirmed": last,
        "stale_at": notice.stale_at.isoformat(),
        "owner_source": aggregate.owner_source,
        "owner_system": owner_system,
        "name": name if isinstance(name, str) else None,
    }
    if notice.action == "marked-stale":
        data["reason"] = notice.reason
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid5(_NOTICE_IDS, cycle)),
        "source": REGISTRY_SOURCE,
        "type": f"nl.livinglab.{kind}.{notice.action}.v1",
        "time": datetime.now(UTC).isoformat(),
        "subject": notice.aggregate_id,
        # The aggregate's current sequence: a notice never moves the owner's sequence.
        "sequence": aggregate.sequence,
        "data": data,
    }


def owner_system_of(keys: KeyRing, source: str) -> str | None:
    """The system named on a live key that may post as `source` (the newest such key)."""
    systems = [r.system for r in keys.records() if source in r.sources and r.revoked_at is None]
    return systems[-1] if systems else None


class FreshnessSweeper:
    def __init__(
        self,
        view: RegistryView,
        publisher: Publisher,
        keys: KeyRing,
        topic_prefix: str,
        policy: FreshnessPolicy,
        interval_s: float,
        may_sweep: Callable[[], bool],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._view, self._publisher, self._keys = view, publisher, keys
        self._prefix, self._policy, self._clock = topic_prefix, policy, clock
        self._in_flight: set[tuple[str, str, int]] = set()
        self._periodic = Periodic("freshness sweep", interval_s, may_sweep, self.sweep)

    def start(self) -> None:
        self._periodic.start()

    async def stop(self) -> None:
        await self._periodic.stop()

    async def sweep(self) -> int:
        """Writes the notices due now; returns how many Kafka acknowledged."""
        now = self._clock()
        notices = [
            n
            for n in due_notices(list(self._view.aggregates.values()), self._policy, now)
            if n.key not in self._in_flight
        ]
        if not notices:
            return 0
        events = []
        for notice in notices:
            aggregate = self._view.aggregates[notice.aggregate_id]
            owner_system = owner_system_of(self._keys, aggregate.owner_source)
            raw = notice_event(notice, aggregate, owner_system)
            events.append(from_contract(parse_event(raw)))
        self._in_flight.update(n.key for n in notices)
        try:
            written = await write_own_events(self._view, self._publisher, self._prefix, events)
        finally:
            self._in_flight.difference_update(n.key for n in notices)
        if written:
            log.info("freshness: wrote %d reminder(s) and stale mark(s)", written)
        return written
