"""Coordinators answer membership requests that await an initiative's side (the consent rule)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse
from livinglab_common.errors import ApiError, ErrorResponse
from livinglab_common.keys import Principal, Role
from pydantic import BaseModel, Field

from registry.entrypoints.deps import PrincipalDep, RegistryDep
from registry.entrypoints.event_routes import AcceptedEvent
from registry.service_layer.coordinator_consent import CoordinatorConsent
from registry.service_layer.submission import Accepted

router = APIRouter(prefix="/v1", tags=["consent"])
REFUSALS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in {
        401: "Missing, wrong, revoked or expired API key",
        403: "Only coordinators answer requests here (systems post events)",
        409: "No request awaits the initiative's side, or the partner changed meanwhile (retry)",
        422: "The reason is not one line of text or holds a key or token",
        429: "Rate limit exceeded (see Retry-After)",
        503: "Kafka did not acknowledge; nothing was accepted (see Retry-After)",
    }.items()
}
Id = Annotated[str, Path(max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")]


def require_coordinator(principal: PrincipalDep) -> Principal:
    if principal.role is not Role.COORDINATOR:
        raise ApiError(403, "forbidden", f"role '{principal.role}' may not answer requests here")
    return principal


CoordinatorDep = Annotated[Principal, Depends(require_coordinator)]


class Decline(BaseModel):
    reason: str | None = Field(default=None, max_length=500)


def _answer(result: Accepted) -> JSONResponse:
    body = AcceptedEvent(
        id=result.id,
        topic=result.topic,
        partition=result.partition,
        offset=result.offset,
        duplicate=result.duplicate,
    )
    return JSONResponse(body.model_dump(), status_code=202)


def _consent(registry: RegistryDep) -> CoordinatorConsent:
    return CoordinatorConsent(registry.view, registry.submission)


@router.post(
    "/partners/{partner_id}/membership-requests/{initiative_id}/confirm",
    status_code=202,
    response_model=AcceptedEvent,
    summary="Confirm a partner's request to join an initiative, for the initiative's side",
    responses=REFUSALS,
)
async def confirm(
    partner_id: Id, initiative_id: Id, registry: RegistryDep, by: CoordinatorDep
) -> JSONResponse:
    return _answer(await _consent(registry).confirm(partner_id, initiative_id, by))


@router.post(
    "/partners/{partner_id}/membership-requests/{initiative_id}/decline",
    status_code=202,
    response_model=AcceptedEvent,
    summary="Decline a partner's request to join an initiative, for the initiative's side",
    responses=REFUSALS,
)
async def decline(
    partner_id: Id,
    initiative_id: Id,
    registry: RegistryDep,
    by: CoordinatorDep,
    body: Decline | None = None,
) -> JSONResponse:
    reason = body.reason if body is not None else None
    return _answer(await _consent(registry).decline(partner_id, initiative_id, reason, by))
