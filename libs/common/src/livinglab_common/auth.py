"""Request authentication shared by the services: API key from the headers, then rate limit."""

from __future__ import annotations

import math

from livinglab_common.errors import ApiError
from livinglab_common.keys import AuthError, KeyRing, Principal
from livinglab_common.ratelimit import RateLimiter


def token_from_headers(authorization: str | None, x_api_key: str | None) -> str | None:
    """`X-API-Key: <key>` or `Authorization: Bearer <key>`."""
    if x_api_key:
        return x_api_key
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def _too_many(wait: float, message: str) -> ApiError:
    return ApiError(
        429, "rate_limited", message, headers={"Retry-After": str(max(1, math.ceil(wait)))}
    )


def refuse_blocked_address(failures: RateLimiter | None, client: str | None) -> None:
    """429 for an address that failed to authenticate too often, before any credential is
    checked: otherwise the answer would still tell a right guess from a wrong one."""
    if failures is None or client is None:
        return
    wait = failures.wait(client)
    if wait:
        raise _too_many(
            wait, f"too many failed authentications from this address; retry after {wait:g} s"
        )


def note_failure(failures: RateLimiter | None, client: str | None) -> None:
    if failures is not None and client is not None:
        failures.acquire(client)


def authenticate_request(
    ring: KeyRing,
    authorization: str | None,
    x_api_key: str | None,
    limiter: RateLimiter | None = None,
    failures: RateLimiter | None = None,
    client: str | None = None,
) -> Principal:
    """The caller's principal, or a 401 (no or bad key) / 429 (over its rate, or its address
    over its failed authentications) ApiError."""
    refuse_blocked_address(failures, client)
    try:
        principal = ring.authenticate(token_from_headers(authorization, x_api_key))
    except AuthError as error:
        note_failure(failures, client)
        raise ApiError(
            401, "unauthorized", str(error), headers={"WWW-Authenticate": "Bearer"}
        ) from error
    wait = limiter.acquire(principal.key_id) if limiter is not None else 0.0
    if wait:
        raise ApiError(
            429,
            "rate_limited",
            f"too many requests for this API key; retry after {wait:g} s",
            headers={"Retry-After": str(max(1, round(wait)))},
        )
    return principal
