"""Upcasters turn an older event shape into the next version before validation.

Keyed by (base type, from version); each takes the whole envelope dict of that version and returns
the envelope of the next one, `type` included. v1 is the only published version so far: when v2
arrives, register `upcast_<name>_v1_v2` here and never change the meaning of a field in place.
An upcaster returns `event | {...}`: attributes its version did not change, the trace context
(`traceparent`/`tracestate`) included, pass through, so a replayed old event still links to the
trace it was created in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from livinglab_contracts.catalog import current_version, split_type
from livinglab_contracts.violations import ContractViolation, echo

Envelope = dict[str, Any]
Upcaster = Callable[[Envelope], Envelope]

UPCASTERS: dict[tuple[str, int], Upcaster] = {}
MAX_STEPS = 10  # a cycle in the table must not hang a consumer


def upcast(raw: Envelope) -> Envelope:
    """Applies upcasters until the type is current or none applies; returns `raw` if none did."""
    event = raw
    for _ in range(MAX_STEPS):
        event_type = event.get("type")
        if not isinstance(event_type, str):
            return event
        base, version = split_type(event_type)
        step = UPCASTERS.get((base, version)) if version is not None else None
        if step is None or current_version(base) == version:
            return event
        try:
            event = step(dict(event))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ContractViolation.single(
                "(event)", "upcast_failed", f"cannot upcast {echo(event_type)}: {echo(error)}"
            ) from None
    return event
