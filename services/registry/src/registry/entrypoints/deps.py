"""FastAPI dependencies, declared once as Annotated aliases.

All are `async def` although none awaits: FastAPI runs a plain `def` dependency in a worker
thread, and three thread hops per request cost more than the work they do (CPU only, no I/O).
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request
from livinglab_common.auth import (
    authenticate_request,
    note_failure,
    refuse_blocked_address,
    token_from_headers,
)
from livinglab_common.errors import ApiError
from livinglab_common.keys import Principal, Role

from registry.app_state import Registry
from registry.config import LOCAL_ADMIN_TOKEN, Settings


async def get_registry(request: Request) -> Registry:
    registry: Registry = request.app.state.registry
    return registry


RegistryDep = Annotated[Registry, Depends(get_registry)]


def _unauthorized(reason: str) -> ApiError:
    return ApiError(401, "unauthorized", reason, headers={"WWW-Authenticate": "Bearer"})


def _client(request: Request) -> str | None:
    return request.client.host if request.client is not None else None


async def authenticate(
    request: Request,
    registry: RegistryDep,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> Principal:
    return authenticate_request(
        registry.keys,
        authorization,
        x_api_key,
        registry.rate_limiter,
        registry.auth_failures,
        _client(request),
    )


PrincipalDep = Annotated[Principal, Depends(authenticate)]


async def require_partner_system(principal: PrincipalDep) -> Principal:
    if principal.role is not Role.PARTNER_SYSTEM:
        raise ApiError(403, "forbidden", f"role '{principal.role}' may not post registry events")
    return principal


PartnerSystemDep = Annotated[Principal, Depends(require_partner_system)]


async def event_writer(request: Request) -> Principal:
    """authenticate + require_partner_system in one dependency reading its headers itself, for
    the event routes: FastAPI resolves each declared header, and the dependencies nested in
    them, on every request, which cost more than the check itself. The headers are documented
    by KEY_HEADERS in openapi.py instead."""
    registry = await get_registry(request)
    headers = request.headers
    principal = authenticate_request(
        registry.keys,
        headers.get("authorization"),
        headers.get("x-api-key"),
        registry.rate_limiter,
        registry.auth_failures,
        _client(request),
    )
    return await require_partner_system(principal)


EventWriterDep = Annotated[Principal, Depends(event_writer)]


async def require_admin(
    request: Request, registry: RegistryDep, authorization: Annotated[str | None, Header()] = None
) -> None:
    # Guessing the admin token counts against the address like guessing a key.
    refuse_blocked_address(registry.auth_failures, _client(request))
    presented = token_from_headers(authorization, None) or ""
    expected = registry.settings.admin_token.get_secret_value()
    if not hmac.compare_digest(presented.encode(), expected.encode()):
        note_failure(registry.auth_failures, _client(request))
        raise _unauthorized(admin_token_required(registry.settings))


AdminDep = Annotated[None, Depends(require_admin)]


def admin_token_required(settings: Settings) -> str:
    """The 401 text of the admin routes; in local mode it says where the token comes from
    (the setting and the file with its default, never the value)."""
    needed = "admin token required: send 'Authorization: Bearer <admin token>'"
    if settings.environment != "local":
        return needed
    if settings.admin_token.get_secret_value() == LOCAL_ADMIN_TOKEN:
        return (
            f"{needed}. Locally it is the REGISTRY_ADMIN_TOKEN setting; `make run` leaves it "
            "unset, so the registry uses the local default LOCAL_ADMIN_TOKEN in "
            "services/registry/src/registry/config.py (the livinglab command sends it for you)"
        )
    return (
        f"{needed}. Locally it is the REGISTRY_ADMIN_TOKEN setting from the environment the "
        "registry was started with"
    )
