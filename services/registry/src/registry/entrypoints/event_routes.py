"""POST /v1/events and /v1/events:batch: the only way into the register."""

from __future__ import annotations

import math
import time
from typing import Any
from urllib.parse import unquote

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response
from livinglab_common.errors import ApiError, ErrorResponse
from livinglab_common.keys import Principal
from livinglab_common.logs import redact
from pydantic import BaseModel

from registry.adapters.kafka_publisher import PublishUnavailable
from registry.app_state import Registry
from registry.domain.screening import looks_secret
from registry.entrypoints import metrics
from registry.entrypoints.deps import EventWriterDep
from registry.entrypoints.openapi import BATCH_BODY_SCHEMA, EVENT_BODY_SCHEMA
from registry.service_layer.submission import Accepted

router = APIRouter(prefix="/v1", tags=["events"])
KAFKA_UNAVAILABLE = "kafka_unavailable"  # the code bootstrap's PublishUnavailable handler answers

REFUSALS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in {
        400: "Body is not JSON (or not an object / array)",
        401: "Missing, wrong, revoked or expired API key",
        403: "Source or aggregate not owned by this key, or a reference to another system's "
        "aggregate without its owner's consent (consent_required)",
        409: "Duplicate (source, id) with a different body, stale or not-next sequence, invalid "
        "state transition, or a membership confirmation on other terms",
        413: "Body larger than its documented limit, or an event of a batch over 64 KiB",
        415: "Content type is not CloudEvents JSON or JSON (batches: also NDJSON; binary mode: "
        "the data is not JSON)",
        422: "Event does not match its schema, references something unknown, holds a key or "
        "token, or has a time outside the accepted window",
        429: "Rate limit for this key (a batch costs one per event) or for failed "
        "authentications from this address exceeded (see Retry-After)",
        503: "Kafka did not acknowledge; nothing was accepted (see Retry-After)",
    }.items()
}


class AcceptedEvent(BaseModel):
    id: str
    topic: str
    partition: int
    offset: int
    duplicate: bool = False


def _accepted(result: Accepted) -> Response:
    """AcceptedEvent's shape, written directly (no model round trip on the hot path)."""
    body = {
        "id": result.id,
        "topic": result.topic,
        "partition": result.partition,
        "offset": result.offset,
        "duplicate": result.duplicate,
    }
    status = 200 if result.duplicate else 202
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


# Structured mode (CloudEvents JSON format) and plain JSON; binary mode (ce-* headers with the
# data as the body, the data's content type as Content-Type) is told apart by its ce-* headers.
STRUCTURED_TYPES = ("application/cloudevents+json", "application/json")
BINARY_DATA_TYPES = ("application/json",)
CE_HEADER_PREFIX = b"ce-"
# What the CloudEvents HTTP binding requires of a binary-mode request (spec 1.0, section 3.1.3).
REQUIRED_CE_HEADERS = ("ce-specversion", "ce-id", "ce-source", "ce-type")
# Header values are strings; these extension attributes are integers in the contract.
INTEGER_ATTRIBUTES = frozenset({"sequence"})
BATCH_TYPES = ("application/json", "application/cloudevents-batch+json")
NDJSON_TYPES = ("application/x-ndjson", "application/ndjson", "application/jsonl")


def _media_type(request: Request) -> str:
    # No Content-Type is read as JSON, as the batch endpoint always did; a declared one must fit.
    declared = request.headers.get("content-type", "application/json")
    return declared.split(";")[0].strip().lower()


def _unsupported(content_type: str, accepted: tuple[str, ...]) -> ApiError:
    return ApiError(
        415,
        "unsupported_media_type",
        f"content type '{redact(content_type[:100])}' is not accepted here; "
        f"send {' or '.join(accepted)}",
    )


def _one_event(request: Request, body: bytes) -> tuple[dict[str, Any], bytes]:
    """The event as a structured-mode object, and the JSON it is validated as."""
    content_type = _media_type(request)
    ce_headers = _ce_headers(request) if content_type != STRUCTURED_TYPES[0] else {}
    if ce_headers:
        raw = _from_binary(content_type, ce_headers, body)
        return raw, orjson.dumps(raw)
    if content_type not in STRUCTURED_TYPES:
        raise _unsupported(content_type, STRUCTURED_TYPES)
    raw = _loads(body)
    if not isinstance(raw, dict):
        raise ApiError(400, "not_an_object", "body must be one JSON object (a CloudEvent)")
    return raw, body


def _ce_headers(request: Request) -> dict[str, str]:
    """The request's ce-* headers by lower-case name; none means it is not binary mode."""
    return {
        name.decode("latin-1").lower(): value.decode("latin-1")
        for name, value in request.headers.raw
        if name[:3].lower() == CE_HEADER_PREFIX
    }


def _from_binary(content_type: str, ce_headers: dict[str, str], body: bytes) -> dict[str, Any]:
    """A binary-mode CloudEvent (HTTP binding 3.1) as the structured-mode object it stands for,
    so both modes meet the same contract, screening and admission."""
    missing = [name for name in REQUIRED_CE_HEADERS if not ce_headers.get(name)]
    if missing:
        raise ApiError(
            422,
            "invalid_event",
            f"event refused: a binary-mode CloudEvent needs the header(s) {', '.join(missing)}",
            [
                {"field": name, "rule": "required", "message": f"header {name} is missing"}
                for name in missing
            ],
        )
    if content_type not in BINARY_DATA_TYPES:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"binary mode: data content type '{redact(content_type[:100])}' is not accepted; "
            f"the data (the body) must be {' or '.join(BINARY_DATA_TYPES)}",
        )
    raw: dict[str, Any] = {
        name[len("ce-") :]: _attribute_value(name[len("ce-") :], value)
        for name, value in ce_headers.items()
    }
    raw["data"] = _loads(body)
    return raw


def _attribute_value(name: str, header_value: str) -> Any:
    # The binding percent-encodes header values (3.1.3.2); an integer attribute arrives as
    # digits, anything else stays a string so the contract names what is wrong with it.
    value = unquote(header_value)
    if name in INTEGER_ATTRIBUTES and value.isascii() and value.isdigit():
        return int(value)
    return value


def _loads(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise ApiError(400, "malformed_json", f"body is not valid JSON: {error}") from error


@router.post(
    "/events",
    status_code=202,
    response_model=AcceptedEvent,
    summary="Post one event (CloudEvents 1.0: structured or binary content mode)",
    responses={
        200: {
            "model": AcceptedEvent,
            "description": "Same id and body as an earlier event: its position",
        },
        **REFUSALS,
    },
    openapi_extra=EVENT_BODY_SCHEMA,
)
async def post_event(request: Request, principal: EventWriterDep) -> Response:
    registry: Registry = request.app.state.registry
    raw: Any = None
    try:
        raw, payload = _one_event(request, await request.body())
        started = time.perf_counter()
        # The payload goes along: the contract validates it as sent, not `raw` serialised again.
        result = await registry.submission.submit(raw, principal, payload)
        metrics.SINGLE_SUBMISSION.observe(time.perf_counter() - started)
    except ApiError as error:
        metrics.count_refusal(raw, error.code)
        raise
    except PublishUnavailable:
        metrics.count_refusal(raw, KAFKA_UNAVAILABLE)
        raise
    metrics.count_outcome(raw, result)
    return _accepted(result)


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
    content_type = _media_type(request)
    if content_type in NDJSON_TYPES:
        return [_loads(line) for line in body.splitlines() if line.strip()]
    if content_type not in BATCH_TYPES:
        raise _unsupported(content_type, (*BATCH_TYPES, *NDJSON_TYPES))
    items = _loads(body)
    if not isinstance(items, list):
        raise ApiError(400, "not_an_array", "a JSON batch body must be an array of CloudEvents")
    return items


def _charge_per_event(registry: Registry, principal: Principal, count: int) -> None:
    """A batch costs one token per event (authentication took the first), so batching does not
    multiply a key's allowance."""
    if count <= 1:
        return
    limiter = registry.rate_limiter
    if count > limiter.burst:
        raise ApiError(
            429,
            "rate_limited",
            f"a batch of {count} events is more than this key's allowance of "
            f"{limiter.burst:g} per minute; send smaller batches",
            headers={"Retry-After": "60"},
        )
    wait = limiter.acquire(principal.key_id, cost=count - 1)
    if wait:
        raise ApiError(
            429,
            "rate_limited",
            f"too many events for this API key; retry after {wait:g} s",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )


def _echoable_id(item: Any, literals: tuple[str, ...]) -> str | None:
    """The item's id as sent, for correlation, unless it is something that must not be echoed."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        return None
    item_id: str = item["id"]
    return None if looks_secret(item_id, literals) else item_id[:128]


@router.post(
    "/events:batch",
    response_model=BatchResult,
    summary="Post many events (JSON array or NDJSON); one result per item, in order",
    responses=REFUSALS,
    openapi_extra=BATCH_BODY_SCHEMA,
)
async def post_batch(request: Request, principal: EventWriterDep) -> Response:
    registry: Registry = request.app.state.registry
    items = _batch_items(request, await request.body())
    limit = registry.settings.max_batch_items
    if len(items) > limit:
        raise ApiError(
            413, "batch_too_large", f"a batch holds at most {limit} events, got {len(items)}"
        )
    _charge_per_event(registry, principal, len(items))
    started = time.perf_counter()
    try:
        outcomes = await registry.submission.submit_batch(items, principal)
    except PublishUnavailable:
        for item in items:
            metrics.count_refusal(item, KAFKA_UNAVAILABLE)
        raise
    metrics.BATCH_SUBMISSION.observe(time.perf_counter() - started)
    for item, outcome in zip(items, outcomes, strict=True):
        metrics.count_outcome(item, outcome)
    results = [
        _item_result(registry, index, item, outcome)
        for index, (item, outcome) in enumerate(zip(items, outcomes, strict=True))
    ]
    statuses = [r["status"] for r in results]
    body = {
        "accepted": statuses.count(202),
        "duplicates": statuses.count(200),
        "refused": sum(status >= 400 for status in statuses),
        "results": results,
    }
    # Written directly in BatchResult's shape: validating 500 results again through the
    # response model costs more than admitting them.
    return Response(orjson.dumps(body), media_type="application/json")


def _item_result(
    registry: Registry, index: int, item: Any, outcome: Accepted | ApiError
) -> dict[str, Any]:
    if isinstance(outcome, ApiError):
        # Only a refused item's id needs screening: an accepted one passed the secret check.
        item_id = _echoable_id(item, (registry.settings.admin_token.get_secret_value(),))
        error = {
            "code": outcome.code,
            "message": outcome.message,
            "details": [d.model_dump() for d in outcome.details],
        }
        return ItemResult(index=index, id=item_id, status=outcome.status, error=error).model_dump()
    return {
        "index": index,
        "id": outcome.id,
        "status": 200 if outcome.duplicate else 202,
        "topic": outcome.topic,
        "partition": outcome.partition,
        "offset": outcome.offset,
        "error": None,
    }
