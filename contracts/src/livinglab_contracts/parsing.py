"""Raw JSON -> typed CloudEvent, with refusals that name the field and the rule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from livinglab_contracts.catalog import EVENT_SPECS, SPECS_BY_TYPE, EventSpec
from livinglab_contracts.envelope import CloudEvent
from livinglab_contracts.upcasting import upcast

AnyEvent = CloudEvent[Any]


@dataclass(frozen=True)
class Violation:
    field: str
    rule: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "rule": self.rule, "message": self.message}


class ContractViolation(Exception):
    """The input is not a valid event of a known type; `violations` say exactly why."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations = list(violations)
        summary = "; ".join(f"{v.field}: {v.message}" for v in self.violations[:5])
        super().__init__(summary)


@cache
def envelope_model(spec: EventSpec) -> type[CloudEvent[Any]]:
    model: type[CloudEvent[Any]] = CloudEvent[spec.data_model]  # type: ignore[name-defined]
    return model


def _current_version(base: str) -> int | None:
    versions = [s.version for s in EVENT_SPECS if s.base_type == base]
    return max(versions) if versions else None


def _path(location: Sequence[int | str]) -> str:
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not path:
            path = str(part)
        elif not str(part).startswith(("function-", "tagged-union")):
            path += f".{part}"
    return path or "(event)"


def _violations(error: ValidationError, prefix: Sequence[str] = ()) -> list[Violation]:
    found: list[Violation] = []
    for item in error.errors(include_url=False):
        location = [*prefix, *item["loc"]]
        message = str(item["msg"]).removeprefix("Value error, ")
        field, sep, rest = message.partition(": ")
        # Model-level checks name their field first ("end_date: must not be before ...").
        if sep and field.isidentifier() and item["type"] == "value_error":
            location, message = [*location, field], rest
        found.append(Violation(_path(location), str(item["type"]), message))
    return found


def _unknown_type(event_type: object) -> ContractViolation:
    if not isinstance(event_type, str):
        return ContractViolation([Violation("type", "missing", "type is required (a string)")])
    base = event_type.rpartition(".v")[0]
    versions = sorted(s.type for s in EVENT_SPECS if s.base_type == base)
    if versions:
        message = f"version of '{event_type}' is not supported; supported: {', '.join(versions)}"
        return ContractViolation([Violation("type", "unsupported_version", message)])
    supported = ", ".join(sorted(SPECS_BY_TYPE))
    return ContractViolation(
        [
            Violation(
                "type", "unknown_type", f"unknown event type '{event_type}'; known: {supported}"
            )
        ]
    )


def parse_event(raw: Mapping[str, Any], allowed_types: Sequence[str] | None = None) -> AnyEvent:
    if not isinstance(raw, Mapping):
        raise ContractViolation(
            [Violation("(event)", "object_type", "an event must be a JSON object")]
        )
    raw = upcast(dict(raw), _current_version)
    spec = SPECS_BY_TYPE.get(raw.get("type"))  # type: ignore[arg-type]
    if spec is None or (allowed_types is not None and spec.type not in allowed_types):
        if spec is not None:
            allowed = ", ".join(allowed_types or ())
            raise ContractViolation(
                [
                    Violation(
                        "type",
                        "not_accepted_here",
                        f"'{spec.type}' is not accepted here; accepted: {allowed}",
                    )
                ]
            )
        raise _unknown_type(raw.get("type"))
    try:
        event = envelope_model(spec).model_validate(raw)
    except ValidationError as error:
        raise ContractViolation(_violations(error)) from None
    aggregate_id = getattr(event.data, spec.aggregate_field)
    if event.subject != aggregate_id:
        raise ContractViolation(
            [
                Violation(
                    "subject",
                    "subject_mismatch",
                    f"subject '{event.subject}' must equal "
                    f"data.{spec.aggregate_field} '{aggregate_id}'",
                )
            ]
        )
    return event


def event_spec(event: AnyEvent) -> EventSpec:
    return SPECS_BY_TYPE[event.type]


def canonical_json(event: BaseModel) -> bytes:
    """Stable bytes for an event: the Kafka value, and the basis of 'same id, same body'."""
    return orjson.dumps(event.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS)


def decode_event(value: bytes | None, allowed_types: Sequence[str] | None = None) -> AnyEvent:
    """For consumers: a poison record raises ContractViolation instead of crashing the worker."""
    if value is None:
        raise ContractViolation([Violation("(record)", "tombstone", "record has no value")])
    try:
        raw = orjson.loads(value)
    except orjson.JSONDecodeError as error:
        raise ContractViolation(
            [Violation("(record)", "json_invalid", f"not JSON: {error}")]
        ) from None
    return parse_event(raw, allowed_types)
