"""JSON Schemas, the AsyncAPI document and the reference vocabularies, for partner developers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from livinglab_common.errors import ApiError, ErrorResponse
from livinglab_contracts import EVENT_SPECS
from livinglab_contracts.asyncapi import asyncapi_document
from livinglab_contracts.reference.regions import REGIONS
from livinglab_contracts.reference.themes import THEMES
from livinglab_contracts.schemas import json_schema

router = APIRouter(prefix="/v1", tags=["schemas"])


@router.get("/schemas", summary="Every event type with its topic and schema URL")
async def list_schemas() -> list[dict[str, str]]:
    return [
        {"type": s.type, "topic": s.topic, "summary": s.summary, "schema": f"/v1/schemas/{s.type}"}
        for s in EVENT_SPECS
    ]


@router.get(
    "/schemas/{event_type}",
    summary="JSON Schema (2020-12) of one event type, envelope included",
    responses={404: {"model": ErrorResponse}},
)
async def get_schema(event_type: str) -> dict[str, Any]:
    if event_type not in {s.type for s in EVENT_SPECS}:
        raise ApiError(404, "not_found", f"no event type '{event_type}'; see /v1/schemas")
    return json_schema(event_type)


@router.get("/asyncapi.json", summary="AsyncAPI 3.0 description of every topic")
async def get_asyncapi() -> dict[str, Any]:
    return asyncapi_document()


@router.get("/reference/regions", summary="Region codes (NUTS, COROP, CBS gemeente) as a tree")
async def list_regions() -> list[dict[str, Any]]:
    return [
        {
            "code": r.code,
            "name_nl": r.name_nl,
            "name_en": r.name_en,
            "level": r.level,
            "parent": r.parent,
        }
        for r in REGIONS.values()
    ]


@router.get("/reference/themes", summary="Theme slugs as a tree")
async def list_themes() -> list[dict[str, Any]]:
    return [
        {"slug": t.slug, "name_nl": t.name_nl, "name_en": t.name_en, "parent": t.parent}
        for t in THEMES.values()
    ]
