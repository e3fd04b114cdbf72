"""The registry's current-state view, built from its own topics (pure: no I/O).

It answers the questions admission needs (was this id seen, who owns this aggregate, what is
its last sequence, does this reference exist) and the read endpoints (current state of
initiatives and partners). Rebuilt from offset 0 at start-up, so it survives restarts.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field, replace
from typing import Any

from registry.domain.events import RegistryEvent
from registry.domain.merging import Carried
from registry.domain.projection import Entries, apply_to_state
from registry.domain.records import Aggregate, Position, Recorded

__all__ = ["Aggregate", "Position", "Recorded", "RegistryView"]


@dataclass
class RegistryView:
    # Keyed by (source, id): CloudEvents identifies an event by both, so two systems may use the
    # same id without colliding (or learning of each other's ids).
    events: MutableMapping[tuple[str, str], Recorded] = field(default_factory=dict)
    aggregates: MutableMapping[str, Aggregate] = field(default_factory=dict)
    # Memberships and requests read before their initiative (domain/projection.py).
    unplaced_members: dict[str, Entries] = field(default_factory=dict)
    unplaced_requests: dict[str, Entries] = field(default_factory=dict)
    # Merges read before their survivor's registration (domain/merging.py).
    unplaced_merges: dict[str, dict[str, Carried]] = field(default_factory=dict)
    # The topic follower skips what this instance wrote instead of decoding and hashing its own
    # records again: positions applied when Kafka acknowledged them, and records it reads
    # while their acknowledgement is still on its way (sent, by topic and value; the position
    # the follower read one at is parked there for the submission).
    acked_here: set[Position] = field(default_factory=set)
    sending: dict[tuple[str, bytes], Position | None] = field(default_factory=dict)

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

    def apply_acked(self, event: RegistryEvent, digest: str, position: Position) -> None:
        """Applies an event this instance published, once Kafka acknowledged it."""
        if self.apply(event, digest, position):
            self.acked_here.add(position)
        # else: the follower read the record first and applied it; nothing is left to skip.

    def read_here(self, position: Position, value: bytes | None) -> bool:
        """True for a record this instance wrote and applies itself: the follower skips it."""
        if position in self.acked_here:
            self.acked_here.remove(position)
            return True
        sent = (position.topic, value or b"")
        if sent in self.sending and self.sending[sent] is None:
            self.sending[sent] = position
            return True
        return False

    def send(self, topic: str, value: bytes) -> None:
        """Notes a record about to be sent, so the follower leaves it to the submission."""
        self.sending[(topic, value)] = None

    def settle(self, event: RegistryEvent, digest: str, topic: str, at: Position | None) -> None:
        """Kafka answered for a record sent with `send`: acknowledged at `at`, or failed (None).
        A failed record the follower read all the same is in the log: it is applied there."""
        parked = self.sending.pop((topic, event.canonical), None)
        if parked is not None:  # the follower has passed it: nothing left for it to skip
            self.apply(event, digest, at or parked)
        elif at is not None:
            self.apply_acked(event, digest, at)

    def overlay(self) -> RegistryView:
        """A view of this one that earlier items of a batch can be applied to, in memory only:
        reads fall through, and an aggregate is copied the first time the overlay reads it."""
        return RegistryView(
            events=ChainMap({}, self.events), aggregates=_CopiedOnRead(self.aggregates)
        )

    def of_type(self, aggregate_type: str) -> list[Aggregate]:
        return [a for a in self.aggregates.values() if a.type == aggregate_type]


class _CopiedOnRead(MutableMapping[str, Aggregate]):
    """Aggregates of a base view, copied when first read, so changes stay out of the base."""

    def __init__(self, base: MutableMapping[str, Aggregate]) -> None:
        self._base = base
        self._own: dict[str, Aggregate] = {}

    def __getitem__(self, key: str) -> Aggregate:
        found = self._own.get(key)
        if found is None:
            found = self._own[key] = _copy(self._base[key])
        return found

    def __setitem__(self, key: str, value: Aggregate) -> None:
        self._own[key] = value

    def __delitem__(self, key: str) -> None:
        raise TypeError("an overlay never removes an aggregate")

    def __contains__(self, key: object) -> bool:
        return key in self._own or key in self._base

    def __iter__(self) -> Iterator[str]:
        yield from self._own
        yield from (key for key in self._base if key not in self._own)

    def __len__(self) -> int:
        return len(self._base) + sum(key not in self._base for key in self._own)


def _copy(aggregate: Aggregate) -> Aggregate:
    return replace(aggregate, state=_copy_dicts(aggregate.state))


def _copy_dicts(value: Any) -> Any:
    # States change only by assigning into dicts (lists and values are replaced whole), so
    # copying the dicts is enough; deepcopy would cost more and copy the shared lists too.
    if isinstance(value, dict):
        return {key: _copy_dicts(item) for key, item in value.items()}
    return value
