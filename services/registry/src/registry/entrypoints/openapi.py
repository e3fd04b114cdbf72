"""Request-body schemas for the event routes, taken from the contract so /docs shows every type."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from livinglab_contracts import REGISTRY_EVENT_TYPES
from livinglab_contracts.examples import example_event
from livinglab_contracts.schemas import bundled_schemas

# One definition per event envelope, referenced from the request bodies and added to the
# document's components by `install_event_schemas`, so every $ref resolves.
_NAMES, EVENT_DEFINITIONS = bundled_schemas(
    list(REGISTRY_EVENT_TYPES), ref_template="#/components/schemas/{model}"
)
_ONE = {"oneOf": [{"$ref": f"#/components/schemas/{_NAMES[t]}"} for t in REGISTRY_EVENT_TYPES]}
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

EVENT_BODY_SCHEMA: dict[str, Any] = {
    "parameters": KEY_HEADERS,
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
