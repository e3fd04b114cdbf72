"""Open data: the published register as CSV or JSON-LD, now or as it was (`as_of`); and the
possible duplicate partners, for coordinators."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import orjson
from aiokafka.errors import KafkaError
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from livinglab_common.errors import ApiError, ErrorResponse
from pydantic import BaseModel, Field

from registry.adapters.log_snapshot import SnapshotUnavailable, register_at
from registry.domain.duplicates import DuplicateGroup, possible_duplicates
from registry.domain.export import BadMoment, parse_as_of, published, to_csv, to_jsonld
from registry.domain.queries import present
from registry.domain.records import Aggregate
from registry.entrypoints.consent_routes import CoordinatorDep
from registry.entrypoints.deps import PrincipalDep, RegistryDep
from registry.entrypoints.event_routes import AcceptedEvent
from registry.service_layer.merging import CoordinatorMerge

router = APIRouter(prefix="/v1", tags=["open data"])
DATASET_NAME = "Livinglab register: initiatives, partners, needs and offers"
JSONLD_MEDIA_TYPE = "application/ld+json"
REFUSALS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in {
        401: "Missing, wrong, revoked or expired API key",
        403: "Only coordinators see possible duplicates",
        422: "format is not csv or jsonld, or as_of is not a past RFC 3339 date-time or date",
        503: "as_of: Kafka could not be read in time, or another as_of export is running",
    }.items()
}
EXPORT_CONTENT: dict[str, Any] = {"text/csv": {}, JSONLD_MEDIA_TYPE: {}}


def _unavailable(reason: str) -> ApiError:
    return ApiError(
        503, "as_of_unavailable", f"{reason}; retry later", headers={"Retry-After": "5"}
    )


def _replay_slot(request: Request) -> asyncio.Semaphore:
    """One as_of replay at a time per process: each reads the topics from the start and decodes
    on the event loop, so a second one in parallel would only slow every other request down."""
    state = request.app.state
    if not hasattr(state, "as_of_replay"):
        state.as_of_replay = asyncio.Semaphore(1)
    slot: asyncio.Semaphore = state.as_of_replay
    return slot


async def _aggregates_at(
    request: Request, registry: RegistryDep, as_of: str | None
) -> tuple[list[Aggregate], datetime]:
    now = datetime.now(UTC)
    if as_of is None:
        return list(registry.view.aggregates.values()), now
    try:
        moment = parse_as_of(as_of, now)
    except BadMoment as bad:
        raise ApiError(
            422,
            "invalid_request",
            f"as_of '{as_of}': {bad}",
            [{"field": "as_of", "rule": "rfc3339_past_moment", "message": str(bad)}],
        ) from None
    settings = registry.settings
    slot = _replay_slot(request)
    if slot.locked():  # refused at once rather than queued: a queue of replays could only grow
        raise _unavailable("another as_of export is being built")
    try:
        async with slot, asyncio.timeout(settings.export_timeout_s):
            view = await register_at(
                settings.kafka_bootstrap_servers, settings.topic_prefix, moment
            )
    except TimeoutError:
        raise _unavailable(
            f"reading the registry's topics up to as_of took over {settings.export_timeout_s:g} s"
        ) from None
    except SnapshotUnavailable as missing:
        raise _unavailable(f"could not read the registry's topics: {missing}") from None
    except (KafkaError, OSError):
        raise _unavailable("could not read the registry's topics: Kafka is unreachable") from None
    return list(view.aggregates.values()), moment


@router.get(
    "/export",
    summary="The published register as CSV or JSON-LD (schema.org), now or at a past moment",
    responses={200: {"content": EXPORT_CONTENT}, **REFUSALS},
    response_class=Response,
)
async def export(
    request: Request,
    registry: RegistryDep,
    _: PrincipalDep,
    format: Annotated[Literal["csv", "jsonld"], Query()] = "jsonld",
    as_of: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """Initiatives and partners whose owners opted in, with their KvK/BRIN/ROR numbers, website,
    regions, themes and memberships, and their needs and offers (schema.org Demand / Offer),
    under the licence the registry is configured with.
    `as_of` (RFC 3339 date-time with zone, or a date meaning that day's 00:00 UTC) shows the
    register exactly as the topics held it then (docs/open-data.md)."""
    aggregates, moment = await _aggregates_at(request, registry, as_of)
    register = published(aggregates, registry.settings.export_licence, moment)
    stamp = moment.strftime("%Y%m%dT%H%M%SZ")
    headers = {
        "Content-Disposition": f'attachment; filename="livinglab-register-{stamp}.{format}"',
        "Link": f'<{registry.settings.export_licence}>; rel="license"',
    }
    if format == "csv":
        return Response(to_csv(register), media_type="text/csv; charset=utf-8", headers=headers)
    base_iri = str(request.url_for("export")).removesuffix("/export")
    document = to_jsonld(register, base_iri, DATASET_NAME)
    # orjson: the standard library's encoder takes about 7x as long (5 MB for 10k partners).
    return Response(orjson.dumps(document), media_type=JSONLD_MEDIA_TYPE, headers=headers)


class EvidenceOut(BaseModel):
    kind: Literal["kvk", "brin", "ror", "website"]
    value: str
    partner_ids: list[str]


class DuplicateGroupOut(BaseModel):
    partners: list[dict[str, Any]]
    sources: list[str]
    evidence: list[EvidenceOut]


class DuplicatesOut(BaseModel):
    groups: list[DuplicateGroupOut]
    total: int


def _group_out(group: DuplicateGroup) -> DuplicateGroupOut:
    return DuplicateGroupOut(
        partners=[present(partner) for partner in group.partners],
        sources=sorted({partner.owner_source for partner in group.partners}),
        evidence=[
            EvidenceOut(kind=e.kind, value=e.value, partner_ids=list(e.partner_ids))
            for e in group.evidence
        ],
    )


@router.get(
    "/duplicates",
    response_model=DuplicatesOut,
    summary="Partners with different ids that share a KvK, BRIN or ROR number or a website",
    responses=REFUSALS,
)
async def duplicates(registry: RegistryDep, _: CoordinatorDep) -> DuplicatesOut:
    """Possible duplicates for a coordinator to review, with the evidence they share (also across
    the systems that registered them). A merged partner is no longer listed."""
    groups = possible_duplicates(registry.view.of_type("partner"))
    return DuplicatesOut(groups=[_group_out(g) for g in groups], total=len(groups))


PartnerId = Annotated[str, Field(max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")]
MERGE_REFUSALS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in {
        200: "This merge was made already: its event, as a duplicate",
        401: "Missing, wrong, revoked or expired API key",
        403: "Only coordinators merge here (a duplicate's owner may post partner.merged)",
        409: "`merged`: one of the two was merged already (the message names into which); or "
        "the duplicate changed meanwhile (retry)",
        422: "An unknown partner, the same partner twice, or a reason that is not one line",
        429: "Rate limit exceeded (see Retry-After)",
        503: "Kafka did not acknowledge; nothing was accepted (see Retry-After)",
    }.items()
}


class MergeRequest(BaseModel):
    duplicate_id: PartnerId = Field(description="The partner that goes away")
    survivor_id: PartnerId = Field(description="The partner that stays and takes it over")
    reason: str = Field(max_length=200, examples=["same KvK 12345678"])


@router.post(
    "/duplicates/merge",
    status_code=202,
    response_model=AcceptedEvent,
    summary="Merge a duplicate partner into its survivor (writes partner.merged)",
    responses=MERGE_REFUSALS,
)
async def merge(body: MergeRequest, registry: RegistryDep, by: CoordinatorDep) -> JSONResponse:
    """The duplicate's name becomes an alias of the survivor, its current memberships carry on
    as the survivor's, its matches are withdrawn, and nothing more is accepted about it
    (docs/open-data.md)."""
    result = await CoordinatorMerge(registry.view, registry.submission).merge(
        body.duplicate_id, body.survivor_id, body.reason, by
    )
    answer = AcceptedEvent(
        id=result.id,
        topic=result.topic,
        partition=result.partition,
        offset=result.offset,
        duplicate=result.duplicate,
    )
    return JSONResponse(answer.model_dump(), status_code=200 if result.duplicate else 202)
