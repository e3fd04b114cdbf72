"""FastAPI dependencies, declared once as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from livinglab_common.auth import authenticate_request
from livinglab_common.errors import ApiError
from livinglab_common.keys import Principal, Role

from notifications.app_state import Notifications

SUBSCRIBER_ROLES = (Role.COORDINATOR, Role.PARTNER_SYSTEM)


def get_notifications(request: Request) -> Notifications:
    notifications: Notifications = request.app.state.notifications
    return notifications


NotificationsDep = Annotated[Notifications, Depends(get_notifications)]


def authenticate_subscriber(
    notifications: NotificationsDep,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> Principal:
    principal = authenticate_request(
        notifications.keys, authorization, x_api_key, notifications.rate_limiter
    )
    if principal.role not in SUBSCRIBER_ROLES:
        raise ApiError(
            403,
            "forbidden",
            f"role '{principal.role}' may not subscribe; use a coordinator or partner-system key",
        )
    return principal


SubscriberDep = Annotated[Principal, Depends(authenticate_subscriber)]
