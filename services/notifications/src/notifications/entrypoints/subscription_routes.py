"""Subscriptions: create, list, read, delete. A subscriber only ever sees its own."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Response
from livinglab_common.errors import ApiError, ErrorResponse

from notifications.domain.subscriptions import Delivery, EmailTarget, Filters, Subscription
from notifications.domain.webhook_urls import UrlRefused
from notifications.entrypoints.deps import NotificationsDep, SubscriberDep
from notifications.entrypoints.schemas import (
    EmailOut,
    FiltersOut,
    SubscriptionCreated,
    SubscriptionIn,
    SubscriptionOut,
    WebhookOut,
)
from notifications.service_layer.subscriptions import (
    CreateSubscription,
    NoWebhook,
    SubscriptionLimitReached,
    SubscriptionNotFound,
)

router = APIRouter(prefix="/v1/subscriptions", tags=["subscriptions"])
SubscriptionId = Path(max_length=64, pattern=r"^[0-9a-f-]+$")


def refusals(*statuses: int) -> dict[int | str, dict[str, Any]]:
    texts = {
        400: "Body is not valid JSON",
        401: "Missing, wrong, revoked or expired API key",
        403: "The key's role may not subscribe (admin keys)",
        404: "No such subscription for this subscriber",
        409: "Subscription limit reached (create), or no webhook to validate (validation)",
        413: "Body larger than the configured limit",
        422: "Body does not match the schema (e.g. an unknown digest time zone, or a digest on"
        " a webhook), or the webhook URL breaks a rule",
        429: "Rate limit for this key exceeded (see Retry-After)",
        503: "Kafka did not acknowledge; nothing was changed (see Retry-After)",
    }
    return {
        s: {"model": ErrorResponse, "description": texts[s]} for s in (401, 403, 429, *statuses)
    }


def present(subscription: Subscription) -> dict[str, Any]:
    webhook, email = subscription.webhook, subscription.email
    return {
        "subscription_id": subscription.subscription_id,
        "name": subscription.name,
        "owner": subscription.owner,
        "created_at": subscription.created_at,
        "filters": FiltersOut(**subscription.filters.model_dump()),
        "webhook": (
            WebhookOut(
                url=webhook.url,
                status=webhook.status,
                status_detail=webhook.status_detail,
                status_at=webhook.status_at,
            )
            if webhook
            else None
        ),
        "email": present_email(email) if email else None,
        "channels": list(subscription.channels),
    }


def present_email(email: EmailTarget) -> EmailOut:
    digest = email.delivery is Delivery.DAILY_DIGEST
    return EmailOut(
        address=email.address,
        language=email.language,
        delivery=email.delivery,
        digest_hour=email.digest_hour if digest else None,
        digest_time_zone=email.digest_time_zone if digest else None,
    )


def not_found(subscription_id: str) -> ApiError:
    return ApiError(404, "not_found", f"no subscription '{subscription_id}'")


@router.post(
    "",
    status_code=201,
    response_model=SubscriptionCreated,
    responses=refusals(400, 409, 413, 422, 503),
)
async def create_subscription(
    body: SubscriptionIn, principal: SubscriberDep, notifications: NotificationsDep
) -> SubscriptionCreated:
    """Subscribe to match changes. The webhook secret is in this answer and nowhere else."""
    command = CreateSubscription(
        owner=principal.system,
        key_id=principal.key_id,
        name=body.name,
        filters=Filters(**body.filters.model_dump()),
        webhook_url=body.webhook.url if body.webhook else None,
        webhook_secret=body.webhook.secret if body.webhook else None,
        email=EmailTarget(**body.email.target_fields()) if body.email else None,
    )
    try:
        created = await notifications.subscriptions.create(command)
    except UrlRefused as refusal:
        raise ApiError(
            422,
            "invalid_webhook_url",
            refusal.message,
            [{"field": "webhook.url", "rule": refusal.rule, "message": refusal.message}],
        ) from None
    except SubscriptionLimitReached as error:
        raise ApiError(409, "subscription_limit", str(error)) from None
    secret = created.webhook.secret.get_secret_value() if created.webhook else None
    return SubscriptionCreated(**present(created), webhook_secret=secret)


@router.get("", response_model=list[SubscriptionOut], responses=refusals())
async def list_subscriptions(
    principal: SubscriberDep, notifications: NotificationsDep
) -> list[SubscriptionOut]:
    return [
        SubscriptionOut(**present(s)) for s in notifications.subscriptions.list(principal.system)
    ]


@router.get("/{subscription_id}", response_model=SubscriptionOut, responses=refusals(404))
async def get_subscription(
    principal: SubscriberDep, notifications: NotificationsDep, subscription_id: str = SubscriptionId
) -> SubscriptionOut:
    try:
        found = notifications.subscriptions.get(principal.system, subscription_id)
    except SubscriptionNotFound:
        raise not_found(subscription_id) from None
    return SubscriptionOut(**present(found))


@router.delete(
    "/{subscription_id}", status_code=204, response_class=Response, responses=refusals(404, 503)
)
async def delete_subscription(
    principal: SubscriberDep, notifications: NotificationsDep, subscription_id: str = SubscriptionId
) -> Response:
    """Stops all announcements; pending deliveries are cancelled, their history kept."""
    try:
        await notifications.subscriptions.delete(principal.system, subscription_id)
    except SubscriptionNotFound:
        raise not_found(subscription_id) from None
    return Response(status_code=204)


@router.post(
    "/{subscription_id}/validation",
    status_code=202,
    response_model=SubscriptionOut,
    responses=refusals(404, 409, 503),
)
async def revalidate_webhook(
    principal: SubscriberDep, notifications: NotificationsDep, subscription_id: str = SubscriptionId
) -> SubscriptionOut:
    """Asks the webhook endpoint again (validation handshake), e.g. after it refused: the
    webhook is pending_validation until it answers; read the subscription for the result."""
    try:
        pending = await notifications.subscriptions.revalidate(principal.system, subscription_id)
    except SubscriptionNotFound:
        raise not_found(subscription_id) from None
    except NoWebhook:
        raise ApiError(409, "no_webhook", "this subscription has no webhook to validate") from None
    return SubscriptionOut(**present(pending))
