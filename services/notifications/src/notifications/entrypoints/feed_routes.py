"""`GET /v1/feed`: the live feed of announcements for the caller's subscriptions (SSE)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Header
from livinglab_common.errors import ErrorResponse
from sse_starlette import EventSourceResponse, ServerSentEvent

from notifications.entrypoints.deps import NotificationsDep, SubscriberDep
from notifications.service_layer.feed import FeedConnection, FeedHub

router = APIRouter(prefix="/v1", tags=["feed"])
STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-sent events: `event: match.proposed|match.updated|match.withdrawn`,"
        " `id:` the delivery id (send it back as `Last-Event-ID` after a reconnect), `data:`"
        " {subscription_id, delivery_id, event: the CloudEvent}. A client that falls far behind"
        " is disconnected and should reconnect with Last-Event-ID.",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    },
    401: {"model": ErrorResponse, "description": "Missing, wrong, revoked or expired API key"},
    403: {"model": ErrorResponse, "description": "The key's role may not subscribe"},
    429: {"model": ErrorResponse, "description": "Rate limit for this key exceeded"},
}


async def _stream(hub: FeedHub, connection: FeedConnection) -> AsyncIterator[ServerSentEvent]:
    try:
        yield ServerSentEvent(comment="connected")
        while (message := await connection.next()) is not None:
            data = {
                "subscription_id": message.subscription_id,
                "delivery_id": message.message_id,
                "event": message.event,
            }
            yield ServerSentEvent(
                data=orjson.dumps(data).decode(), event=message.event_name, id=message.message_id
            )
    finally:
        hub.disconnect(connection)


@router.get("/feed", response_class=EventSourceResponse, responses=STREAM_DOC)
async def live_feed(
    principal: SubscriberDep,
    notifications: NotificationsDep,
    last_event_id: Annotated[str | None, Header(max_length=100)] = None,
) -> EventSourceResponse:
    """Every announcement to one of your subscriptions, as it happens (one message each)."""
    connection = notifications.feed.connect(principal.system, last_event_id)
    return EventSourceResponse(
        _stream(notifications.feed, connection),
        ping=notifications.settings.feed_ping_s,
        send_timeout=30,
    )
