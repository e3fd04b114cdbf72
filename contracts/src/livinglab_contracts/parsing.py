"""Raw JSON -> typed CloudEvent, with refusals that name the field and the rule.

Validation runs in pydantic's strict JSON mode: "5" is not a number, "yes" is not a boolean and
a number is not a time, so what a producer sends is exactly what every consumer reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, ValidationError

from livinglab_contracts.catalog import EVENT_SPECS, SPECS_BY_TYPE, EventSpec, split_type
from livinglab_contracts.envelope import CloudEvent
from livinglab_contracts.trace_context import TRACE_ATTRIBUTES
from livinglab_contracts.upcasting import upcast
from livinglab_contracts.violations import ContractViolation, Violation, echo, violations_of

AnyEvent = CloudEvent[Any]

__all__ = [
    "AnyEvent",
    "ContractViolation",
    "Violation",
    "canonical_json",
    "canonical_of",
    "comparable_of",
    "decode_event",
    "envelope_model",
    "event_spec",
    "parse_event",
]


class _OpaqueData(BaseModel):
    """Stands in for `data` when the type is unknown, so envelope errors are still reported."""

    model_config = ConfigDict(extra="allow", frozen=True)


@cache
def envelope_model(spec: EventSpec) -> type[CloudEvent[Any]]:
    model: type[CloudEvent[Any]] = CloudEvent[spec.data_model]  # type: ignore[name-defined]
    return model


def parse_event(
    raw: Mapping[str, Any], allowed_types: Sequence[str] | None = None, payload: bytes | None = None
) -> AnyEvent:
    """A validated, typed event; ContractViolation lists every reason it is refused.

    `payload` is the JSON `raw` was read from, when the caller still has it (a request body):
    strict validation reads it as is instead of serialising `raw` again.
    """
    return _parse(raw, allowed_types, payload=payload)


def decode_event(value: bytes | None, allowed_types: Sequence[str] | None = None) -> AnyEvent:
    """For consumers: a poison record raises ContractViolation instead of crashing the worker."""
    if value is None:
        raise ContractViolation.single("(record)", "tombstone", "record has no value")
    try:
        raw = orjson.loads(value)
    except orjson.JSONDecodeError as error:
        raise ContractViolation.single("(record)", "json_invalid", f"not JSON: {error}") from None
    return _parse(raw, allowed_types, payload=value)


def canonical_json(event: BaseModel) -> bytes:
    """Stable bytes for an event: the Kafka value, and the basis of 'same id, same body'."""
    return canonical_of(event.model_dump(mode="json"))


def event_json(event: BaseModel) -> dict[str, Any]:
    """The event as JSON data (a webhook body, a stored copy), with what canonical_json says."""
    return present_attributes(event.model_dump(mode="json"))


def present_attributes(dumped: Mapping[str, Any]) -> dict[str, Any]:
    """Leaves out unset context attributes: CloudEvents attributes are never null, and the
    official SDKs refuse an event that says `"dataschema": null`."""
    return {name: value for name, value in dumped.items() if value is not None}


def canonical_of(dumped: Mapping[str, Any]) -> bytes:
    """canonical_json for an event already dumped with model_dump(mode="json"), so a caller
    that needs the dict as well dumps only once. Unset attributes are left out
    (`present_attributes`); "same id, same body" compares these bytes of the parsed event, so
    records written before, with nulls, compare equal to their re-posting."""
    return orjson.dumps(present_attributes(dumped), option=orjson.OPT_SORT_KEYS)


def comparable_of(dumped: Mapping[str, Any]) -> bytes:
    """What "same id, same body" compares: canonical_of without the trace attributes, which say
    under which trace the event was sent, not what it says (the same event re-sent under
    another trace is a duplicate, not a conflict). The canonical bytes when it has none."""
    if not any(dumped.get(name) is not None for name in TRACE_ATTRIBUTES):
        return canonical_of(dumped)
    return canonical_of({k: v for k, v in dumped.items() if k not in TRACE_ATTRIBUTES})


def event_spec(event: AnyEvent) -> EventSpec:
    return SPECS_BY_TYPE[event.type]


def _parse(raw: object, allowed_types: Sequence[str] | None, payload: bytes | None) -> AnyEvent:
    if not isinstance(raw, Mapping):
        raise ContractViolation.single("(event)", "object_type", "an event must be a JSON object")
    original = dict(raw)
    envelope = upcast(original)
    spec = _spec_of(envelope, allowed_types)
    if payload is None or envelope is not original:
        payload = _dumps(envelope)
    try:
        event = envelope_model(spec).model_validate_json(payload, strict=True)
    except ValidationError as error:
        raise ContractViolation(violations_of(error)) from None
    aggregate_id = getattr(event.data, spec.aggregate_field)
    if event.subject != aggregate_id:
        raise ContractViolation.single(
            "subject",
            "subject_mismatch",
            f"subject '{event.subject}' must equal data.{spec.aggregate_field} '{aggregate_id}'",
        )
    return event


def _dumps(envelope: Mapping[str, Any]) -> bytes:
    try:
        return orjson.dumps(envelope)
    except (orjson.JSONEncodeError, TypeError) as error:
        raise ContractViolation.single("(event)", "not_json", f"not JSON data: {error}") from None


def _spec_of(envelope: dict[str, Any], allowed_types: Sequence[str] | None) -> EventSpec:
    event_type = envelope.get("type")
    spec = SPECS_BY_TYPE.get(event_type) if isinstance(event_type, str) else None
    if spec is not None and (allowed_types is None or spec.type in allowed_types):
        return spec
    if spec is not None:
        accepted = ", ".join(allowed_types or ())
        message = f"'{spec.type}' is not accepted here; accepted: {accepted}"
        problem = Violation("type", "not_accepted_here", message)
    else:
        problem = _type_problem(event_type)
    raise ContractViolation([problem, *_envelope_problems(envelope)])


def _type_problem(event_type: object) -> Violation:
    if event_type is None:
        return Violation("type", "missing", "type is required, e.g. " + EVENT_SPECS[0].type)
    if not isinstance(event_type, str):
        return Violation("type", "string_type", "type must be a string")
    base, version = split_type(event_type)
    known = sorted(s.type for s in EVENT_SPECS if s.base_type in (base, event_type))
    if known and version is None:
        message = f"type '{echo(event_type)}' lacks a version; supported: {', '.join(known)}"
        return Violation("type", "missing_version", message)
    if known:
        message = f"version {version} of '{base}' is not supported; supported: {', '.join(known)}"
        return Violation("type", "unsupported_version", message)
    message = (
        f"unknown event type '{echo(event_type)}'; known (name.vN):"
        f" {', '.join(sorted(SPECS_BY_TYPE))}"
    )
    return Violation("type", "unknown_type", message)


def _envelope_problems(envelope: dict[str, Any]) -> list[Violation]:
    """Envelope errors besides the type, so one reply names everything a sender must fix."""
    try:
        CloudEvent[_OpaqueData].model_validate_json(_dumps(envelope), strict=True)
    except ValidationError as error:
        return [v for v in violations_of(error) if v.field != "type"]
    except ContractViolation as violation:
        return violation.violations
    return []
