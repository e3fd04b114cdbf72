"""Key administration (admin token): issue, list, revoke, grant. Secrets are shown once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from livinglab_common.errors import ApiError, ErrorResponse
from livinglab_common.keys import ApiKeyRecord, Role
from pydantic import AwareDatetime, BaseModel, Field

from registry.entrypoints.deps import AdminDep, RegistryDep
from registry.service_layer.keys import UnknownKey

router = APIRouter(prefix="/v1/admin", tags=["admin"])
REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Admin token missing or wrong"},
    404: {"model": ErrorResponse, "description": "No such key"},
    503: {"model": ErrorResponse, "description": "Kafka unavailable; the key was not stored"},
}


class IssueKey(BaseModel):
    system: str = Field(min_length=1, max_length=100, examples=["vista-crm"])
    role: Role = Role.PARTNER_SYSTEM
    sources: list[str] = Field(default=[], max_length=20, examples=[["/systems/vista-crm"]])
    granted_aggregates: list[str] = Field(default=[], max_length=1000)
    expires_at: AwareDatetime | None = Field(default=None, examples=["2027-01-01T00:00:00Z"])


class KeyOut(BaseModel):
    key_id: str
    system: str
    role: Role
    sources: list[str]
    granted_aggregates: list[str]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


class IssuedKey(KeyOut):
    token: str = Field(description="Shown once; only its hash is stored")


class Grant(BaseModel):
    aggregate_ids: list[str] = Field(min_length=1, max_length=1000)


def _out(record: ApiKeyRecord) -> dict[str, Any]:
    return record.model_dump(exclude={"secret_hash"})


@router.post("/keys", status_code=201, response_model=IssuedKey, responses=REFUSALS)
async def issue_key(body: IssueKey, registry: RegistryDep, _: AdminDep) -> IssuedKey:
    if body.role is Role.PARTNER_SYSTEM and not body.sources:
        raise ApiError(
            422,
            "invalid_request",
            "a partner-system key needs at least one source it may claim",
            [{"field": "sources", "rule": "min_length", "message": "give at least one source"}],
        )
    record, token = await registry.key_service.issue(
        body.system, body.role, tuple(body.sources), tuple(body.granted_aggregates), body.expires_at
    )
    return IssuedKey(**_out(record), token=token)


@router.get("/keys", response_model=list[KeyOut], responses=REFUSALS)
async def list_keys(registry: RegistryDep, _: AdminDep) -> list[KeyOut]:
    return [KeyOut(**_out(r)) for r in registry.keys.records()]


@router.delete("/keys/{key_id}", response_model=KeyOut, responses=REFUSALS)
async def revoke_key(key_id: str, registry: RegistryDep, _: AdminDep) -> KeyOut:
    try:
        return KeyOut(**_out(await registry.key_service.revoke(key_id)))
    except UnknownKey as error:
        raise ApiError(404, "not_found", f"no key with id '{key_id}'") from error


@router.post("/keys/{key_id}/grants", response_model=KeyOut, responses=REFUSALS)
async def grant(key_id: str, body: Grant, registry: RegistryDep, _: AdminDep) -> KeyOut:
    """Let a key also write aggregates another system owns (e.g. a province's subsidy system)."""
    try:
        return KeyOut(**_out(await registry.key_service.grant(key_id, tuple(body.aggregate_ids))))
    except UnknownKey as error:
        raise ApiError(404, "not_found", f"no key with id '{key_id}'") from error
