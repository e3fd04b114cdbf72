"""The coordinators' HTTP API: matches with explanations, the network, gap reports, feedback."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from livinglab_common.errors import ApiError, ErrorResponse
from livinglab_common.keys import Role
from livinglab_contracts import canonical_json, parse_event
from livinglab_contracts.fields import RegionCode, ShortText, ThemeSlug
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from matching.domain.gap_reports import gap_of
from matching.domain.taxonomy import default_taxonomy, region_and_below, theme_and_below
from matching.entrypoints.deps import MatchingDep, PrincipalDep

router = APIRouter(prefix="/v1", tags=["coordinators"])
TAXONOMY = default_taxonomy()
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Missing or invalid API key"},
    403: {"model": ErrorResponse, "description": "This key's role may not do this"},
    404: {"model": ErrorResponse, "description": "Not found"},
    422: {"model": ErrorResponse, "description": "Invalid filter"},
    429: {"model": ErrorResponse, "description": "Too many requests for this key; see Retry-After"},
    503: {
        "model": ErrorResponse,
        "description": "Neo4j or Kafka cannot be reached; see Retry-After",
    },
}
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {s: ERRORS[s] for s in (401, 403, 429, 503)}
FEEDBACK_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    400: {"model": ErrorResponse, "description": "Body is not valid JSON"},
    413: {"model": ErrorResponse, "description": "Body larger than the limit (64 KiB)"},
}
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$"
Code = Annotated[str | None, Query(max_length=100, pattern=ID_PATTERN)]
# A region or theme may be asked by name ("Limburg"): the answer then names the code to use.
Reference = Annotated[str | None, Query(min_length=1, max_length=100)]
REGION: TypeAdapter[str] = TypeAdapter(RegionCode)
THEME: TypeAdapter[str] = TypeAdapter(ThemeSlug)
# Ids in paths: the aggregate-id rule of the contract, so junk is a 422 before any query runs.
Id = Annotated[str, Path(min_length=1, max_length=100, pattern=ID_PATTERN)]


class Sort(StrEnum):
    SCORE = "score"
    RECENT = "recent"


class Status(StrEnum):
    PROPOSED = "proposed"
    WITHDRAWN = "withdrawn"


class Kind(StrEnum):
    PARTNER_TO_INITIATIVE = "partner_to_initiative"
    INITIATIVE_TO_INITIATIVE = "initiative_to_initiative"
    NEED_TO_OFFER = "need_to_offer"


class FeedbackValue(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"


class MatchPageOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


def _resolved(value: str, field: str, adapter: TypeAdapter[str]) -> str:
    """A region or theme as the registry resolves it: a code or slug as is, a known name refused
    with the code to use instead (the same answer the registry gives)."""
    try:
        return adapter.validate_python(value)
    except ValidationError as error:
        first = error.errors()[0]
        raise ApiError(
            422,
            "invalid_request",
            first["msg"],
            [{"field": field, "rule": first["type"], "message": first["msg"]}],
        ) from None


def _region_codes(region: str | None) -> list[str] | None:
    if region is None:
        return None
    return region_and_below(TAXONOMY, _resolved(region, "region", REGION))


def _theme_slugs(theme: str | None) -> list[str] | None:
    if theme is None:
        return None
    return theme_and_below(TAXONOMY, _resolved(theme, "theme", THEME))


@router.get("/matches", response_model=MatchPageOut, responses=ERRORS)
async def list_matches(
    matching: MatchingDep,
    _: PrincipalDep,
    initiative: Code = None,
    partner: Code = None,
    need_offer: Code = None,
    published: Annotated[
        bool,
        Query(description="With a subject: also the matches on the needs and offers it publishes"),
    ] = True,
    region: Reference = None,
    theme: Reference = None,
    kind: Kind | None = None,
    status: Status = Status.PROPOSED,
    feedback: Annotated[str | None, Query(pattern="^(accepted|declined|none)$")] = None,
    min_score: Annotated[float, Query(ge=0, le=1)] = 0.0,
    sort: Sort = Sort.SCORE,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> MatchPageOut:
    """Proposed (or withdrawn) matches; region and theme filters include what lies below them.
    A subject's matches include those on the needs and offers it publishes (`published=false`
    leaves them out)."""
    subjects = [s for s in (initiative, partner, need_offer) if s]
    if len(subjects) > 1:
        raise ApiError(
            422,
            "invalid_request",
            "filter on one of initiative, partner or need_offer",
            [{"field": "initiative", "rule": "exclusive", "message": "use one subject filter"}],
        )
    page = await matching.queries.list_matches(
        status=status.value,
        kind=kind.value if kind else None,
        min_score=min_score,
        subject=subjects[0] if subjects else None,
        published=published,
        regions=_region_codes(region),
        themes=_theme_slugs(theme),
        feedback=feedback,
        sort=sort.value,
        limit=limit,
        offset=offset,
    )
    return MatchPageOut(total=page.total, limit=limit, offset=offset, items=page.items)


@router.get("/matches/diagnose", responses=ERRORS)
async def diagnose(
    matching: MatchingDep,
    _: PrincipalDep,
    subject: Annotated[str, Query(min_length=1, max_length=100, pattern=ID_PATTERN)],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    """Why a partner, initiative or need/offer has the proposals it has, and not others: each
    of its candidates with the step that stopped it (hard filter, no substantive argument,
    below the threshold, outranked) or its reasons when proposed; the nearest listed first."""
    if matching.service is None:
        raise ApiError(
            503,
            "worker_not_here",
            "diagnosis needs the matching worker; this process runs only the API"
            " (MATCHING_RUN_WORKER=false): ask an instance that runs the worker",
        )
    try:
        found = await matching.service.diagnose(subject, limit)
    except KeyError:
        raise ApiError(
            404, "not_found", f"no partner, initiative or need/offer '{subject}'"
        ) from None
    if found is None:
        raise ApiError(
            503,
            "network_not_loaded",
            "the worker has not read the network yet (it does at its first batch); retry shortly",
            headers={"Retry-After": "5"},
        )
    return asdict(found)


@router.get("/matches/{match_id}", responses=ERRORS)
async def get_match(match_id: Id, matching: MatchingDep, _: PrincipalDep) -> dict[str, Any]:
    """One match with every criterion: sub-score, weight, reasons (nl/en) and evidence."""
    match = await matching.queries.get_match(match_id)
    if match is None:
        raise ApiError(404, "not_found", f"no match with id '{match_id}'")
    return match


class Feedback(BaseModel):
    # The reason goes into a contract event: the contract's own text type, so what this model
    # lets through parse_event accepts (control characters were a 500 here) and the document
    # states the same rule. Unknown keys are refused, so a misspelt "reason" is not lost.
    model_config = ConfigDict(extra="forbid")

    decision: FeedbackValue
    reason: ShortText | None = Field(default=None, description="Why, in a sentence")


@router.post("/matches/{match_id}/feedback", status_code=202, responses=FEEDBACK_ERRORS)
async def give_feedback(
    match_id: Id, body: Feedback, matching: MatchingDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Accept or decline a match (an event); a declined match is withdrawn, never re-proposed."""
    if principal.role is not Role.COORDINATOR:
        raise ApiError(403, "forbidden", "only coordinator keys may accept or decline matches")
    if await matching.queries.get_match(match_id) is None:
        raise ApiError(404, "not_found", f"no match with id '{match_id}'")
    raw = {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": f"/coordinators/{principal.key_id}",
        "type": f"nl.livinglab.match.{body.decision.value}.v1",
        "time": datetime.now(UTC).isoformat(),
        "subject": match_id,
        "sequence": 1,
        "data": {
            "match_id": match_id,
            "by": {"key_id": principal.key_id, "system": principal.system},
            "reason": body.reason,
        },
    }
    event = parse_event(raw)
    await matching.producer.ensure_reachable()  # else a 503 at once, with nothing handed over
    await matching.producer.send_all(
        matching.feedback_topic, [(match_id.encode(), canonical_json(event))]
    )
    return {"id": event.id, "match_id": match_id, "decision": body.decision.value}


@router.get("/network/{node_id}", responses=ERRORS)
async def network(node_id: Id, matching: MatchingDep, _: PrincipalDep) -> dict[str, Any]:
    """Nodes and edges within two steps (membership, part-of, publishes) of a node."""
    found = await matching.queries.network(node_id)
    if found is None:
        raise ApiError(404, "not_found", f"no partner, initiative or need/offer '{node_id}'")
    return found


@router.get("/reports/gaps", responses=ERRORS)
async def gap_report(
    matching: MatchingDep,
    _: PrincipalDep,
    initiative: Code = None,
    region: Reference = None,
    theme: Reference = None,
    missing_helix: Annotated[
        str | None, Query(pattern="^(onderwijs|onderzoek|bedrijfsleven|overheid|maatschappij)$")
    ] = None,
    pathway_gap: Annotated[str | None, Query(pattern="^(po|vo|mbo|hbo|wo)$")] = None,
) -> list[dict[str, Any]]:
    """E.g. initiatives in Zuid-Limburg (CR39) without a government partner, or no vmbo link.
    A helix an active member or the parent's members bring is covered; each gap lists up to
    three partners the matcher proposes to fill it, with their reasons."""
    rows = await matching.queries.initiatives_with_members(
        _region_codes(region), _theme_slugs(theme), initiative
    )
    proposed = await matching.queries.proposed_partners([row["id"] for row in rows])
    by_initiative: dict[str, list[dict[str, Any]]] = {}
    for found in proposed:
        by_initiative.setdefault(found["initiative_id"], []).append(found)
    gaps = [gap_of(row, by_initiative.get(row["id"], [])) for row in rows]
    return [
        asdict(g)
        for g in gaps
        if (missing_helix is None or missing_helix in g.missing_helix)
        and (pathway_gap is None or pathway_gap in g.pathway_gaps)
    ]


@router.get("/stats", responses=AUTH_ERRORS)
async def stats(matching: MatchingDep, _: PrincipalDep) -> dict[str, Any]:
    """How many partners, initiatives, needs/offers and proposed matches the graph holds, the
    weights learned from coordinators' decisions, and, with a worker in this process, how many
    batches it handled and whether one is running."""
    stats: dict[str, Any] = dict(await matching.queries.counts())
    stats["learned_weights"] = await matching.queries.learned_weights()
    if matching.progress is not None:
        stats |= {"batches": matching.progress.batches, "busy": int(matching.progress.busy)}
    return stats
