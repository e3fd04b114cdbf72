"""A small CoP network in memory: the contract's examples, parsed, admitted and applied."""

from __future__ import annotations

import itertools
from typing import Any

from livinglab_common.keys import Principal, Role
from livinglab_contracts.examples import SOURCE, example_event
from registry.domain.events import RegistryEvent, parse_registry_event
from registry.domain.view import Position, RegistryView

OTHER_SOURCE = "/systems/other-crm"
_offsets = itertools.count()


def raw(
    name: str, /, event_id: str | None = None, sequence: int = 1, **envelope: Any
) -> dict[str, Any]:
    """The example event `name` with a unique id unless one is given; `data=` merges."""
    event = example_event(name, event_id or f"{name}-{next(_offsets)}", sequence)
    data = envelope.pop("data", {})
    event["data"] |= data
    return event | envelope


def parsed(
    name: str, /, event_id: str | None = None, sequence: int = 1, **envelope: Any
) -> RegistryEvent:
    return parse_registry_event(raw(name, event_id, sequence, **envelope))


def digest(event: RegistryEvent) -> str:
    return event.digest


def record(view: RegistryView, event: RegistryEvent) -> Position:
    """Applies `event` as if Kafka had acknowledged it at the next offset."""
    position = Position(event.topic, 0, next(_offsets))
    assert view.apply(event, digest(event), position)
    return position


def view_of(*events: RegistryEvent) -> RegistryView:
    view = RegistryView()
    for event in events:
        record(view, event)
    return view


def network() -> RegistryView:
    """Initiative cop-limburg, partner vista-college (a member), a need and an offer."""
    return view_of(
        parsed("initiative.registered"),
        parsed("partner.registered"),
        parsed("partner.joined-initiative", sequence=2),
        parsed("need.published"),
        parsed("offer.published"),
    )


def principal(
    *sources: str, role: Role = Role.PARTNER_SYSTEM, granted: tuple[str, ...] = ()
) -> Principal:
    return Principal("k1", "vista-crm", role, sources or (SOURCE,), frozenset(granted))
