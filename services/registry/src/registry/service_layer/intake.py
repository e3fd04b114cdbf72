"""Everything about one event that needs no view and no Kafka: shape, size, secrets, contract,
time. Synchronous, so a batch is screened in one pass before anything is admitted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from livinglab_common.errors import ApiError, ErrorDetail
from livinglab_common.tracing import event_span, trace_attributes
from opentelemetry import trace

from registry.domain.events import RegistryEvent, parse_registry_event
from registry.domain.screening import EventRules, secret_fields, time_problem

_REFERENCE_FIELDS = ("initiative_id", "partner_id", "parent_id", "publisher_id", "successor_id")


@dataclass(frozen=True)
class Intake:
    """A valid event on its way to admission, with its place in the request."""

    index: int
    event: RegistryEvent
    digest: str
    references: frozenset[str]  # other aggregates it points at

    @property
    def identity(self) -> tuple[str, str]:
        return (self.event.source, self.event.id)


def take_in(
    index: int, raw: Any, rules: EventRules, payload: bytes | None = None, batched: bool = False
) -> Intake:
    """The event as admission needs it, or ApiError naming why it is refused before admission.

    `payload` is the JSON `raw` was read from; a batch item is measured by serialising it, and
    that same serialisation is what the contract validates.
    """
    if batched:
        if not isinstance(raw, dict):
            raise ApiError(400, "not_an_object", "each batch item must be a JSON object")
        payload = orjson.dumps(raw)
        if len(payload) > rules.max_event_bytes:
            raise ApiError(
                413,
                "event_too_large",
                f"this event is {len(payload)} bytes as JSON; one event may have at most "
                f"{rules.max_event_bytes}",
            )
    if not isinstance(raw, dict):
        raise ApiError(400, "not_an_object", "an event must be a JSON object")
    # Screened on orjson's own text (for a batch item, the same bytes): a client's body may
    # spell a key with escapes that a search of its bytes would not see.
    _refuse_secrets(raw, rules, payload if batched else orjson.dumps(raw))
    event = parse_registry_event(raw, payload)
    problem = time_problem(event.time, datetime.now(UTC), rules)
    if problem is not None:
        raise ApiError(
            422,
            "time_out_of_range",
            f"event refused: time: {problem}",
            [ErrorDetail(field="time", rule="time_out_of_range", message=problem)],
        )
    references = frozenset(
        value
        for name in _REFERENCE_FIELDS
        if isinstance(value := event.data.get(name), str) and value != event.subject
    )
    return Intake(index, _traced(event), event.digest, references)


def _traced(event: RegistryEvent) -> RegistryEvent:
    """The registry's span for the event, while tracing is on (the request span records): it
    continues the `traceparent` the producer sent, or else the event is stamped with the span's
    context, so every record written carries the context of its creation (CloudEvents
    distributed tracing). With tracing off nothing is added."""
    if not trace.get_current_span().is_recording():
        return event
    about = {
        "cloudevents.event_id": event.id,
        "cloudevents.event_source": event.source,
        "cloudevents.event_type": event.type,
        "cloudevents.event_subject": event.subject,
    }
    with event_span("registry event", event.trace, about):
        return event.stamped(trace_attributes())


def _refuse_secrets(raw: Mapping[str, Any], rules: EventRules, serialised: bytes | None) -> None:
    fields = secret_fields(raw, rules, serialised)
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
