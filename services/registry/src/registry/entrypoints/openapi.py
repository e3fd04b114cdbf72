"""Request-body schemas for the event routes, taken from the contract so /docs shows every type."""

from __future__ import annotations

from typing import Any

from livinglab_contracts import REGISTRY_EVENT_TYPES
from livinglab_contracts.examples import example_event
from livinglab_contracts.schemas import json_schema


def _event_one_of() -> dict[str, Any]:
    schemas = []
    for event_type in REGISTRY_EVENT_TYPES:
        schema = json_schema(event_type)
        schema.pop("$schema", None)
        schema.pop("$id", None)
        schemas.append(schema)
    return {"oneOf": schemas}


_ONE = _event_one_of()
_EXAMPLE = example_event("partner.registered")

EVENT_BODY_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _ONE, "example": _EXAMPLE},
            "application/cloudevents+json": {"schema": _ONE},
        },
    }
}
BATCH_BODY_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "array", "items": _ONE}, "example": [_EXAMPLE]},
            "application/x-ndjson": {
                "schema": {"type": "string", "description": "one CloudEvent per line"}
            },
        },
    }
}
