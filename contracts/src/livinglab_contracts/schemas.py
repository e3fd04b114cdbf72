"""JSON Schema (draft 2020-12) per event type, envelope included, as served by the registry."""

from __future__ import annotations

from typing import Any

from livinglab_contracts.catalog import EVENT_SPECS, SPECS_BY_TYPE
from livinglab_contracts.parsing import envelope_model

SCHEMA_BASE = "https://schemas.livinglab.example/events/"


def json_schema(event_type: str) -> dict[str, Any]:
    spec = SPECS_BY_TYPE[event_type]
    schema = envelope_model(spec).model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{SCHEMA_BASE}{event_type}.json"
    schema["title"] = event_type
    schema["description"] = spec.summary
    schema["properties"]["type"] = {"const": event_type, "type": "string"}
    return schema


def all_schemas() -> dict[str, dict[str, Any]]:
    return {spec.type: json_schema(spec.type) for spec in EVENT_SPECS}
