"""The delivery history of one subscription: every attempt and its outcome."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from notifications.domain.ledger import DeliveryStatus
from notifications.domain.subscriptions import Channel
from notifications.entrypoints.deps import NotificationsDep, SubscriberDep
from notifications.entrypoints.schemas import AttemptOut, DeliveryOut, DeliveryPage
from notifications.entrypoints.subscription_routes import SubscriptionId, not_found, refusals
from notifications.service_layer.subscriptions import SubscriptionNotFound

router = APIRouter(prefix="/v1/subscriptions", tags=["deliveries"])


@router.get("/{subscription_id}/deliveries", response_model=DeliveryPage, responses=refusals(404))
async def list_deliveries(
    principal: SubscriberDep,
    notifications: NotificationsDep,
    subscription_id: str = SubscriptionId,
    status: DeliveryStatus | None = None,
    channel: Channel | None = None,
    match_id: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> DeliveryPage:
    """Newest first. Feed entries are final at once; webhook and e-mail entries list attempts."""
    try:
        notifications.subscriptions.get(principal.system, subscription_id)
    except SubscriptionNotFound:
        raise not_found(subscription_id) from None
    records = [
        r
        for r in notifications.ledger.for_subscription(subscription_id)
        if (status is None or r.status is status)
        and (channel is None or r.channel is channel)
        and (match_id is None or r.match_id == match_id)
    ]
    items = [
        DeliveryOut(
            **r.model_dump(exclude={"attempts", "event", "subscription_id", "source_partition"}),
            attempts=[AttemptOut(**a.model_dump()) for a in r.attempts],
        )
        for r in records[offset : offset + limit]
    ]
    return DeliveryPage(items=items, total=len(records), limit=limit, offset=offset)
