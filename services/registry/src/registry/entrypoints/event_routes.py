"""POST /v1/events and /v1/events:batch: the only way into the register."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from livinglab_common.errors import ApiError, ErrorResponse
from pydantic import BaseModel

from registry.entrypoints.deps import PartnerSystemDep, RegistryDep
from registry.entrypoints.openapi import BATCH_BODY_SCHEMA, EVENT_BODY_SCHEMA
from registry.service_layer.submission import Accepted

router = APIRouter(prefix="/v1", tags=["events"])

REFUSALS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in {
        400: "Body is not JSON (or not an object / array)",
        401: "Missing, wrong, revoked or expired API key",
        403: "Source or aggregate not owned by this key",
        409: "Duplicate id with a different body, stale sequence, or invalid state transition",
        413: "Body larger than the configured limit",
        415: "Content type is not JSON or NDJSON",
        422: "Event does not match its schema, or references something unknown",
        429: "Rate limit for this key exceeded (see Retry-After)",
        503: "Kafka did not acknowledge; nothing was accepted (see Retry-After)",
    }.items()
}


class AcceptedEvent(BaseModel):
    id: str
    topic: str
    partition: int
    offset: int
    duplicate: bool = False


def _accepted(result: Accepted) -> AcceptedEvent:
    return AcceptedEvent(
        id=result.id,
        topic=result.topic,
        partition=result.partition,
        offset=result.offset,
        duplicate=result.duplicate,
    )


def _loads(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise ApiError(400, "malformed_json", f"body is not valid JSON: {error}") from error


@router.post(
    "/events",
    status_code=202,
    response_model=AcceptedEvent,
    summary="Post one event (CloudEvents 1.0 JSON)",
    responses={
        200: {
            "model": AcceptedEvent,
            "description": "Same id and body as an earlier event: its position",
        },
        **REFUSALS,
    },
    openapi_extra=EVENT_BODY_SCHEMA,
)
async def post_event(
    request: Request, registry: RegistryDep, principal: PartnerSystemDep
) -> JSONResponse:
    raw = _loads(await request.body())
    if not isinstance(raw, dict):
        raise ApiError(400, "not_an_object", "body must be one JSON object (a CloudEvent)")
    result = await registry.submission.submit(raw, principal)
    return JSONResponse(
        _accepted(result).model_dump(), status_code=200 if result.duplicate else 202
    )


class ItemResult(BaseModel):
    index: int
    id: str | None
    status: int
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    error: dict[str, Any] | None = None


class BatchResult(BaseModel):
    accepted: int
    duplicates: int
    refused: int
    results: list[ItemResult]


def _batch_items(request: Request, body: bytes) -> list[Any]:
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip()
    if content_type in ("application/x-ndjson", "application/ndjson", "application/jsonl"):
        return [_loads(line) for line in body.splitlines() if line.strip()]
    if content_type not in ("application/json", "application/cloudevents-batch+json"):
        raise ApiError(
            415, "unsupported_media_type", f"content type '{content_type}' is not JSON or NDJSON"
        )
    items = _loads(body)
    if not isinstance(items, list):
        raise ApiError(400, "not_an_array", "a JSON batch body must be an array of CloudEvents")
    return items


@router.post(
    "/events:batch",
    response_model=BatchResult,
    summary="Post many events (JSON array or NDJSON); one result per item, in order",
    responses=REFUSALS,
    openapi_extra=BATCH_BODY_SCHEMA,
)
async def post_batch(
    request: Request, registry: RegistryDep, principal: PartnerSystemDep
) -> BatchResult:
    items = _batch_items(request, await request.body())
    limit = registry.settings.max_batch_items
    if len(items) > limit:
        raise ApiError(
            413, "batch_too_large", f"a batch holds at most {limit} events, got {len(items)}"
        )
    results: list[ItemResult] = []
    outcomes = await registry.submission.submit_batch(items, principal)
    for index, (item, outcome) in enumerate(zip(items, outcomes, strict=True)):
        item_id = (
            item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
        )
        if isinstance(outcome, ApiError):
            error = {
                "code": outcome.code,
                "message": outcome.message,
                "details": [d.model_dump() for d in outcome.details],
            }
            results.append(ItemResult(index=index, id=item_id, status=outcome.status, error=error))
            continue
        results.append(
            ItemResult(
                index=index,
                id=outcome.id,
                status=200 if outcome.duplicate else 202,
                topic=outcome.topic,
                partition=outcome.partition,
                offset=outcome.offset,
            )
        )
    return BatchResult(
        accepted=sum(r.status == 202 for r in results),
        duplicates=sum(r.status == 200 for r in results),
        refused=sum(r.status >= 400 for r in results),
        results=results,
    )
