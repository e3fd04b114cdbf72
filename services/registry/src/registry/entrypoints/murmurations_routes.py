"""Murmurations-compatible profiles of the register's living labs (issue 19; docs/open-data.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from livinglab_common.errors import ApiError, ErrorResponse

from registry.domain.murmurations import (
    SCHEMA,
    is_living_lab,
    living_labs,
    murmurations_profile,
    profile_url,
)
from registry.entrypoints.deps import PrincipalDep, RegistryDep

router = APIRouter(prefix="/v1/murmurations", tags=["open data"])
REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Missing, wrong, revoked or expired API key"},
    404: {"model": ErrorResponse, "description": "No published living lab with this id"},
}
Id = Annotated[str, Path(max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")]


def _base(request: Request) -> str:
    return str(request.url_for("murmurations_index")).removesuffix("/murmurations/living-labs")


@router.get(
    "/living-labs",
    responses=REFUSALS,
    summary="The living labs that have a Murmurations profile, with its URL",
)
async def murmurations_index(
    request: Request, registry: RegistryDep, _: PrincipalDep
) -> dict[str, Any]:
    base = _base(request)
    return {
        "linked_schema": SCHEMA,
        "profiles": [
            {
                "initiative_id": lab.id,
                "name": lab.state.get("name"),
                "url": profile_url(base, lab.id),
            }
            for lab in living_labs(registry.view.aggregates.values())
        ],
    }


@router.get(
    "/living-labs/{initiative_id}",
    responses=REFUSALS,
    summary="A living lab's profile in the shape of Murmurations' organizations_schema-v1.0.0",
)
async def murmurations_profile_of(
    initiative_id: Id, request: Request, registry: RegistryDep, _: PrincipalDep
) -> dict[str, Any]:
    """Published initiatives of kind living_lab only; the same 404 for an unknown id, another
    kind and an initiative whose owner opted out, so the answer does not reveal which."""
    lab = registry.view.aggregates.get(initiative_id)
    if lab is None or not is_living_lab(lab):
        raise ApiError(404, "not_found", f"no published living lab '{initiative_id}'")
    partners = {p.id: p for p in registry.view.of_type("partner")}
    return murmurations_profile(lab, partners, _base(request))
