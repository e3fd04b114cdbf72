"""Request-body schemas for the event routes, taken from the contract so /docs shows every type."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from livinglab_contracts import REGISTRY_EVENT_TYPES
from livinglab_contracts.catalog import REGISTRY_WRITTEN_TYPES
from livinglab_contracts.examples import example_event
from livinglab_contracts.schemas import bundled_schemas

# One definition per event envelope, referenced from the request bodies and added to the
# document's components by `install_event_schemas`, so every $ref resolves.
# Only what a partner system may post: the registry writes the freshness notices itself.
_POSTED = [t for t in REGISTRY_EVENT_TYPES if t not in REGISTRY_WRITTEN_TYPES]
_NAMES, EVENT_DEFINITIONS = bundled_schemas(_POSTED, ref_template="#/components/schemas/{model}")
_ONE = {"oneOf": [{"$ref": f"#/components/schemas/{_NAMES[t]}"} for t in _POSTED]}
_EXAMPLE = example_event("partner.registered")

# What deps.event_writer reads, documented as FastAPI documents a declared Header().
KEY_HEADERS = [
    {
        "name": name,
        "in": "header",
        "required": False,
        "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": title},
    }
    for name, title in (("authorization", "Authorization"), ("x-api-key", "X-Api-Key"))
]

# CloudEvents HTTP binding, binary content mode: the attributes travel as ce-* headers
# (percent-encoded), the body is the event's data and Content-Type its datacontenttype.
_BINARY_ATTRIBUTES = {
    "ce-specversion": "required in binary mode: 1.0",
    "ce-id": "required in binary mode",
    "ce-source": "required in binary mode",
    "ce-type": "required in binary mode, e.g. nl.livinglab.partner.registered.v1",
    "ce-time": "RFC 3339 with offset",
    "ce-subject": "the aggregate id; equals the data's id field",
    "ce-sequence": "per-aggregate order, an integer written in digits",
    "ce-dataschema": "URI of the data's JSON Schema",
    "ce-correlationid": "id shared by every event of one business flow",
    "ce-causationid": "id of the event that caused it",
    "ce-traceparent": "W3C traceparent of the event's creation (distributed tracing); kept as sent",
    "ce-tracestate": "W3C tracestate going with ce-traceparent",
}
BINARY_MODE_HEADERS = [
    {
        "name": name,
        "in": "header",
        "required": False,
        "description": f"Binary content mode: {text}",
        "schema": {"type": "string"},
    }
    for name, text in _BINARY_ATTRIBUTES.items()
]

EVENT_BODY_SCHEMA: dict[str, Any] = {
    "description": "Three CloudEvents HTTP content modes, with the same validation, keys and "
    "answers: **structured** (`Content-Type: application/cloudevents+json`, the whole event as "
    "the body), plain JSON (`application/json` without ce-* headers, read as structured), and "
    "**binary** (any ce-* header: the attributes as ce-* headers, `ce-specversion`, `ce-id`, "
    "`ce-source` and `ce-type` required; the body is the event's `data` as JSON, "
    "`Content-Type: application/json`). A binary request without a required header is 422 "
    "naming it; binary data of another content type is 415.",
    "parameters": KEY_HEADERS + BINARY_MODE_HEADERS,
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _ONE, "example": _EXAMPLE},
            "application/cloudevents+json": {"schema": _ONE},
        },
    },
}
BATCH_BODY_SCHEMA: dict[str, Any] = {
    "parameters": KEY_HEADERS,
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "array", "items": _ONE}, "example": [_EXAMPLE]},
            "application/x-ndjson": {
                "schema": {"type": "string", "description": "one CloudEvent per line"}
            },
        },
    },
}


def install_event_schemas(app: FastAPI) -> None:
    """Adds the event definitions to the generated OpenAPI document (once, then cached)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            document.setdefault("components", {}).setdefault("schemas", {}).update(
                EVENT_DEFINITIONS
            )
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
