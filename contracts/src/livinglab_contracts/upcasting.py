"""Upcasters turn an older event shape into the current one before validation.

Keyed by (base type, from version); each returns the envelope dict of the next version. v1 is the
only published version so far; register `upcast_<name>_v1_v2` here when v2 arrives, never change
the meaning of a field in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Envelope = dict[str, Any]
Upcaster = Callable[[Envelope], Envelope]

UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def upcast(raw: Envelope, current_version: Callable[[str], int | None]) -> Envelope:
    """Applies upcasters until the type has a current version or no upcaster applies."""
    event = raw
    for _ in range(10):  # bounded: a cycle in the table must not hang a consumer
        event_type = event.get("type")
        if not isinstance(event_type, str) or ".v" not in event_type:
            return event
        base, _, version = event_type.rpartition(".v")
        if not version.isdigit() or current_version(base) == int(version):
            return event
        step = UPCASTERS.get((base, int(version)))
        if step is None:
            return event
        event = step(event)
    return event
