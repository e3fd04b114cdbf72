"""JSON Schema (draft 2020-12) per event type, envelope included, as served by the registry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic.json_schema import models_json_schema

from livinglab_contracts.catalog import EVENT_SPECS, SPECS_BY_TYPE, EventSpec
from livinglab_contracts.examples import example_event
from livinglab_contracts.parsing import envelope_model

SCHEMA_BASE = "https://schemas.livinglab.example/events/"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
COMPONENTS_REF = "#/components/schemas/{model}"


def _spec(event_type: str) -> EventSpec:
    spec = SPECS_BY_TYPE.get(event_type)
    if spec is None:
        raise ValueError(f"unknown event type '{event_type}'; known: {', '.join(SPECS_BY_TYPE)}")
    return spec


def _describe(envelope: dict[str, Any], spec: EventSpec) -> dict[str, Any]:
    """What the generic envelope schema cannot say: the one type string and where it travels."""
    envelope["title"] = spec.type
    envelope["description"] = spec.summary
    envelope["properties"]["type"] = {"const": spec.type, "type": "string"}
    envelope["x-topic"] = spec.topic
    envelope["x-aggregate-field"] = f"data.{spec.aggregate_field}"
    return envelope


def json_schema(event_type: str) -> dict[str, Any]:
    """A self-contained schema (its own `$defs`) for one event type, with a complete example
    (the one docs/events.md shows, from livinglab_contracts.examples); ValueError if unknown."""
    spec = _spec(event_type)
    schema = _describe(envelope_model(spec).model_json_schema(mode="validation"), spec)
    return {
        "$schema": DIALECT,
        "$id": f"{SCHEMA_BASE}{event_type}.json",
        **schema,
        "examples": [example_event(spec.name)],
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    return {spec.type: json_schema(spec.type) for spec in EVENT_SPECS}


def bundled_schemas(
    event_types: Sequence[str] | None = None, ref_template: str = COMPONENTS_REF
) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """For documents with one shared definitions section (AsyncAPI, OpenAPI components).

    Returns the definition name of each event type's envelope and all definitions, whose `$ref`s
    follow `ref_template`.
    """
    specs = [_spec(t) for t in event_types] if event_types is not None else list(EVENT_SPECS)
    refs, defs = models_json_schema(
        [(envelope_model(spec), "validation") for spec in specs], ref_template=ref_template
    )
    definitions: dict[str, dict[str, Any]] = defs.get("$defs", {})
    names: dict[str, str] = {}
    for spec in specs:
        ref = refs[(envelope_model(spec), "validation")]["$ref"]
        name = ref.rsplit("/", 1)[1]
        names[spec.type] = name
        _describe(definitions[name], spec)
    return names, definitions
