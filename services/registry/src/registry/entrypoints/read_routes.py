"""Current state of initiatives, partners, needs and offers, as the topics say it is."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from fastapi import APIRouter, Query
from livinglab_common.errors import ApiError, ErrorResponse
from pydantic import AfterValidator, BaseModel

from registry.domain.queries import Filters, page, present
from registry.entrypoints.deps import PrincipalDep, RegistryDep

router = APIRouter(prefix="/v1", tags=["register"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Missing or invalid API key"},
    404: {"model": ErrorResponse, "description": "No such aggregate"},
}


class PageOut(BaseModel):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


def _nfc(text: str | None) -> str | None:
    """The contract stores names in Unicode NFC; what is searched for is normalised the same way,
    so 'Café' typed as 'Cafe' plus a combining accent still finds it."""
    return unicodedata.normalize("NFC", text) if text is not None else None


Text = Annotated[str | None, Query(max_length=200), AfterValidator(_nfc)]
Code = Annotated[str | None, Query(max_length=100, pattern=r"^[A-Za-z0-9_.:\-]+$")]


def _list(
    registry: RegistryDep,
    aggregate_type: str,
    filters: Filters,
    limit: int,
    offset: int,
) -> PageOut:
    if limit > registry.settings.page_size_max:
        raise ApiError(
            422,
            "invalid_request",
            f"limit may be at most {registry.settings.page_size_max}",
            [{"field": "limit", "rule": "less_than_equal", "message": "page too large"}],
        )
    result = page(registry.view.of_type(aggregate_type), filters, limit, offset)
    return PageOut(items=result.items, total=result.total, limit=result.limit, offset=result.offset)


Limit = Annotated[int, Query(ge=1, le=10_000)]
Stale = Annotated[
    bool | None,
    Query(description="Only stale (true) or only fresh (false) profiles (docs/freshness.md)"),
]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


@router.get("/initiatives", response_model=PageOut, responses=NOT_FOUND)
async def list_initiatives(
    registry: RegistryDep,
    _: PrincipalDep,
    kind: Code = None,
    status: Code = None,
    region: Code = None,
    theme: Code = None,
    education_level: Code = None,
    member: Code = None,
    q: Text = None,
    stale: Stale = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PageOut:
    """Initiatives (learning communities, living labs, innovation tables...) with filters."""
    filters = Filters(kind, status, region, theme, education_level, q, member, stale)
    return _list(registry, "initiative", filters, limit, offset)


@router.get("/partners", response_model=PageOut, responses=NOT_FOUND)
async def list_partners(
    registry: RegistryDep,
    _: PrincipalDep,
    kind: Code = None,
    region: Code = None,
    theme: Code = None,
    education_level: Code = None,
    q: Text = None,
    stale: Stale = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PageOut:
    """Partners (schools, companies, labs, governments...) with filters."""
    filters = Filters(
        kind=kind, region=region, theme=theme, education_level=education_level, text=q, stale=stale
    )
    return _list(registry, "partner", filters, limit, offset)


@router.get("/needs-offers", response_model=PageOut, responses=NOT_FOUND)
async def list_needs_offers(
    registry: RegistryDep,
    _: PrincipalDep,
    status: Code = None,
    region: Code = None,
    theme: Code = None,
    stale: Stale = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PageOut:
    """Published needs and offers."""
    filters = Filters(status=status, region=region, theme=theme, stale=stale)
    return _list(registry, "need_offer", filters, limit, offset)


def _one(registry: RegistryDep, aggregate_type: str, aggregate_id: str) -> dict[str, Any]:
    aggregate = registry.view.aggregates.get(aggregate_id)
    if aggregate is None or aggregate.type != aggregate_type:
        raise ApiError(404, "not_found", f"no {aggregate_type} with id '{aggregate_id}'")
    return present(aggregate)


@router.get("/initiatives/{initiative_id}", responses=NOT_FOUND)
async def get_initiative(
    initiative_id: str, registry: RegistryDep, _: PrincipalDep
) -> dict[str, Any]:
    return _one(registry, "initiative", initiative_id)


@router.get("/partners/{partner_id}", responses=NOT_FOUND)
async def get_partner(partner_id: str, registry: RegistryDep, _: PrincipalDep) -> dict[str, Any]:
    partner = _one(registry, "partner", partner_id)
    # Member type and label year of the labs it hosts (docs/labelling.md); only when it has any,
    # so a partner without labels reads as before.
    labels = registry.labelling.book.labels_of(partner_id)
    return partner | {"labels": labels} if labels else partner


@router.get("/needs-offers/{need_offer_id}", responses=NOT_FOUND)
async def get_need_offer(
    need_offer_id: str, registry: RegistryDep, _: PrincipalDep
) -> dict[str, Any]:
    return _one(registry, "need_offer", need_offer_id)
