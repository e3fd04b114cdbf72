"""FastAPI dependencies, declared once as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from livinglab_common.errors import ApiError
from livinglab_common.keys import AuthError, Principal, Role

from notifications.app_state import Notifications

SUBSCRIBER_ROLES = (Role.COORDINATOR, Role.PARTNER_SYSTEM)


def get_notifications(request: Request) -> Notifications:
    notifications: Notifications = request.app.state.notifications
    return notifications


NotificationsDep = Annotated[Notifications, Depends(get_notifications)]


def _token(authorization: str | None, x_api_key: str | None) -> str | None:
    if x_api_key:
        return x_api_key
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def authenticate_subscriber(
    notifications: NotificationsDep,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> Principal:
    try:
        principal = notifications.keys.authenticate(_token(authorization, x_api_key))
    except AuthError as error:
        raise ApiError(
            401, "unauthorized", str(error), headers={"WWW-Authenticate": "Bearer"}
        ) from error
    if principal.role not in SUBSCRIBER_ROLES:
        raise ApiError(
            403,
            "forbidden",
            f"role '{principal.role}' may not subscribe; use a coordinator or partner-system key",
        )
    wait = notifications.rate_limiter.acquire(principal.key_id)
    if wait:
        raise ApiError(
            429,
            "rate_limited",
            f"too many requests for this API key; retry after {wait:g} s",
            headers={"Retry-After": str(max(1, round(wait)))},
        )
    return principal


SubscriberDep = Annotated[Principal, Depends(authenticate_subscriber)]
