"""The registry's reading of contract events: what admission needs to know about each (pure)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import orjson
from livinglab_common.errors import ApiError, ErrorDetail
from livinglab_contracts import (
    REGISTRY_EVENT_TYPES,
    AnyEvent,
    ContractViolation,
    canonical_of,
    comparable_of,
    event_spec,
    parse_event,
)
from livinglab_contracts.trace_context import TRACE_ATTRIBUTES

# What a membership request and its confirmation must agree on (domain/consent.py).
MEMBERSHIP_TERMS = ("role", "helix", "since", "commitment_hours", "co_investment_eur")


@dataclass(frozen=True)
class RegistryEvent:
    """A validated registry event plus what admission needs to know about it."""

    id: str
    type: str
    action: str  # e.g. "partner.joined-initiative"
    source: str
    subject: str
    sequence: int
    time: datetime
    aggregate_type: str
    topic: str
    creates: bool
    data: dict[str, Any]
    canonical: bytes  # the Kafka value
    digest: str  # what "same id, same body" compares: the canonical bytes without trace context
    trace: dict[str, str]  # the CloudEvents tracing attributes it carries (traceparent...)

    def stamped(self, attributes: Mapping[str, str]) -> RegistryEvent:
        """The event with the tracing attributes of its creation, unless it carries its own
        (a producer's are never overwritten). Its digest stays: it does not compare them."""
        if self.trace or not attributes:
            return self
        canonical = canonical_of(orjson.loads(self.canonical) | dict(attributes))
        return replace(self, canonical=canonical, trace=dict(attributes))


def from_contract(event: AnyEvent) -> RegistryEvent:
    spec = event_spec(event)
    # One dump serves both: `data` is a part of the dict the canonical bytes are made of.
    dumped = event.model_dump(mode="json")
    canonical = canonical_of(dumped)
    trace = {name: dumped[name] for name in TRACE_ATTRIBUTES if dumped.get(name) is not None}
    return RegistryEvent(
        id=event.id,
        type=event.type,
        action=spec.base_type.removeprefix("nl.livinglab."),
        source=event.source,
        subject=event.subject,
        sequence=event.sequence,
        time=event.time,
        aggregate_type=spec.aggregate_type,
        topic=spec.topic,
        creates=spec.creates,
        data=dumped["data"],
        canonical=canonical,
        digest=hashlib.sha256(comparable_of(dumped) if trace else canonical).hexdigest(),
        trace=trace,
    )


def parse_registry_event(raw: Mapping[str, Any], payload: bytes | None = None) -> RegistryEvent:
    """`payload`: the JSON `raw` was read from, if at hand (validated as is, not re-serialised)."""
    try:
        return from_contract(parse_event(raw, REGISTRY_EVENT_TYPES, payload))
    except ContractViolation as violation:
        details = [ErrorDetail(**v.as_dict()) for v in violation.violations]
        first = violation.violations[0]
        raise ApiError(
            422, "invalid_event", f"event refused: {first.field}: {first.message}", details
        ) from None
