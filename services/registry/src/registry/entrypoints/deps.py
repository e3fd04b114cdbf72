"""FastAPI dependencies, declared once as Annotated aliases."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request
from livinglab_common.errors import ApiError
from livinglab_common.keys import AuthError, Principal, Role

from registry.app_state import Registry


def get_registry(request: Request) -> Registry:
    registry: Registry = request.app.state.registry
    return registry


RegistryDep = Annotated[Registry, Depends(get_registry)]


def _token(authorization: str | None, x_api_key: str | None) -> str | None:
    if x_api_key:
        return x_api_key
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def _unauthorized(reason: str) -> ApiError:
    return ApiError(401, "unauthorized", reason, headers={"WWW-Authenticate": "Bearer"})


def authenticate(
    registry: RegistryDep,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> Principal:
    try:
        principal = registry.keys.authenticate(_token(authorization, x_api_key))
    except AuthError as error:
        raise _unauthorized(str(error)) from error
    wait = registry.rate_limiter.acquire(principal.key_id)
    if wait:
        raise ApiError(
            429,
            "rate_limited",
            f"too many requests for this API key; retry after {wait:g} s",
            headers={"Retry-After": str(max(1, round(wait)))},
        )
    return principal


PrincipalDep = Annotated[Principal, Depends(authenticate)]


def require_partner_system(principal: PrincipalDep) -> Principal:
    if principal.role is not Role.PARTNER_SYSTEM:
        raise ApiError(403, "forbidden", f"role '{principal.role}' may not post registry events")
    return principal


PartnerSystemDep = Annotated[Principal, Depends(require_partner_system)]


def require_admin(
    registry: RegistryDep, authorization: Annotated[str | None, Header()] = None
) -> None:
    presented = _token(authorization, None) or ""
    expected = registry.settings.admin_token.get_secret_value()
    if not hmac.compare_digest(presented.encode(), expected.encode()):
        raise _unauthorized("admin token required: send 'Authorization: Bearer <admin token>'")


AdminDep = Annotated[None, Depends(require_admin)]
