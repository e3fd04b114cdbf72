"""The registry's current-state view, built from its own topics (pure: no I/O).

It answers the questions admission needs (was this id seen, who owns this aggregate, what is
its last sequence, does this reference exist) and the read endpoints (current state of
initiatives and partners). Rebuilt from offset 0 at start-up, so it survives restarts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from registry.domain.events import RegistryEvent, apply_to_state


@dataclass(frozen=True)
class Position:
    topic: str
    partition: int
    offset: int


@dataclass(frozen=True)
class Recorded:
    event_id: str
    digest: str
    position: Position
    aggregate_id: str


@dataclass
class Aggregate:
    id: str
    type: str
    owner_source: str
    sequence: int
    state: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    event_count: int = 1


@dataclass
class RegistryView:
    # Keyed by (source, id): CloudEvents identifies an event by both, so two systems may use the
    # same id without colliding (or learning of each other's ids).
    events: dict[tuple[str, str], Recorded] = field(default_factory=dict)
    aggregates: dict[str, Aggregate] = field(default_factory=dict)

    def apply(self, event: RegistryEvent, digest: str, position: Position) -> bool:
        """Applies an accepted event once; returns False for an event already applied."""
        key = (event.source, event.id)
        if key in self.events:
            return False
        self.events[key] = Recorded(event.id, digest, position, event.subject)
        aggregate = self.aggregates.get(event.subject)
        if aggregate is None:
            aggregate = Aggregate(
                id=event.subject,
                type=event.aggregate_type,
                owner_source=event.source,
                sequence=event.sequence,
                state={},
                created_at=event.time,
                updated_at=event.time,
                event_count=0,
            )
            self.aggregates[event.subject] = aggregate
        aggregate.sequence = max(aggregate.sequence, event.sequence)
        aggregate.updated_at = max(aggregate.updated_at, event.time)
        aggregate.event_count += 1
        apply_to_state(self, aggregate.state, event)
        return True

    def of_type(self, aggregate_type: str) -> list[Aggregate]:
        return [a for a in self.aggregates.values() if a.type == aggregate_type]
