"""Creating, reading, deleting and re-validating subscriptions, and recording the webhook
validation's result; each change is durable on Kafka before it is answered."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import SecretStr

from notifications.domain.secret_box import SecretBox
from notifications.domain.signing import new_secret
from notifications.domain.subscriptions import (
    EmailTarget,
    Filters,
    Subscription,
    SubscriptionBook,
    WebhookStatus,
    WebhookTarget,
    to_record,
)
from notifications.service_layer.durable import write_durably
from notifications.service_layer.ports import AddressResolver, OutRecord, RecordWriter
from notifications.service_layer.url_check import check_webhook_url


class SubscriptionNotFound(Exception):
    pass


class SubscriptionLimitReached(Exception):
    pass


class NoWebhook(Exception):
    """The subscription has no webhook to validate."""


@dataclass(frozen=True)
class CreateSubscription:
    owner: str
    key_id: str
    name: str
    filters: Filters
    webhook_url: str | None = None
    webhook_secret: str | None = None
    email: EmailTarget | None = None


class SubscriptionService:
    def __init__(
        self,
        book: SubscriptionBook,
        writer: RecordWriter,
        topic: str,
        secrets: SecretBox,
        resolver: AddressResolver,
        allow_private_webhooks: bool,
        max_per_owner: int,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        on_webhook_pending: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.book = book
        self._writer = writer
        self._topic = topic
        self._secrets = secrets
        self._resolver = resolver
        self._allow_private = allow_private_webhooks
        self._max_per_owner = max_per_owner
        self._clock = clock
        self._on_webhook_pending = on_webhook_pending
        # Status writes rewrite the whole record; serialising them with deletes keeps a status
        # write from bringing back a subscription deleted a moment before (in this process).
        self._record_lock = asyncio.Lock()

    async def create(self, command: CreateSubscription) -> Subscription:
        """Raises UrlRefused, SubscriptionLimitReached or WriteUnavailable."""
        if len(self.book.owned_by(command.owner)) >= self._max_per_owner:
            raise SubscriptionLimitReached(
                f"at most {self._max_per_owner} subscriptions per subscriber"
            )
        webhook = None
        if command.webhook_url is not None:
            await check_webhook_url(command.webhook_url, self._resolver, self._allow_private)
            secret = command.webhook_secret or new_secret()
            webhook = WebhookTarget(url=command.webhook_url, secret=SecretStr(secret))
        subscription = Subscription(
            subscription_id=str(uuid.uuid4()),
            owner=command.owner,
            created_by_key=command.key_id,
            created_at=self._clock(),
            name=command.name,
            filters=command.filters,
            webhook=webhook,
            email=command.email,
        )
        # The webhook secret is sealed in the record; only the 201 answer shows it in the clear.
        await self._store(subscription)
        if webhook is not None:
            self._on_webhook_pending(subscription.subscription_id)
        return subscription

    def list(self, owner: str) -> list[Subscription]:
        return self.book.owned_by(owner)

    def get(self, owner: str, subscription_id: str) -> Subscription:
        """Someone else's subscription is reported as missing, so ids reveal nothing."""
        subscription = self.book.get(subscription_id)
        if subscription is None or subscription.owner != owner:
            raise SubscriptionNotFound(subscription_id)
        return subscription

    async def delete(self, owner: str, subscription_id: str) -> None:
        self.get(owner, subscription_id)
        async with self._record_lock:
            # A tombstone: compaction later erases the secret and e-mail address from the topic.
            await self._writer.write(self._topic, [OutRecord(_key(subscription_id), None)])
            self.book.apply(subscription_id, None)

    async def revalidate(self, owner: str, subscription_id: str) -> Subscription:
        """Back to pending_validation and ask the endpoint again. Raises SubscriptionNotFound,
        NoWebhook or WriteUnavailable."""
        async with self._record_lock:
            current = self.get(owner, subscription_id)
            if current.webhook is None:
                raise NoWebhook(subscription_id)
            pending = _with_status(
                current, WebhookStatus.PENDING_VALIDATION, "re-validation requested", self._clock()
            )
            await self._store(pending)
        self._on_webhook_pending(subscription_id)
        return pending

    async def settle_validation(
        self, subscription_id: str, status: WebhookStatus, detail: str
    ) -> bool:
        """Records the handshake's result if the webhook is still pending; False otherwise (the
        subscription was deleted, or another instance settled it first). The write is retried
        until Kafka takes it: deliveries wait for it."""
        async with self._record_lock:
            current = self.book.get(subscription_id)
            if current is None or current.webhook is None:
                return False
            if current.webhook.status is not WebhookStatus.PENDING_VALIDATION:
                return False
            settled = _with_status(current, status, detail, self._clock())
            record = OutRecord(_key(subscription_id), to_record(settled, self._secrets))
            await write_durably(self._writer, self._topic, [record])
            self.book.apply(subscription_id, settled)
            return True

    async def _store(self, subscription: Subscription) -> None:
        value = to_record(subscription, self._secrets)
        await self._writer.write(
            self._topic, [OutRecord(_key(subscription.subscription_id), value)]
        )
        self.book.apply(subscription.subscription_id, subscription)


def _with_status(
    subscription: Subscription, status: WebhookStatus, detail: str, at: datetime
) -> Subscription:
    assert subscription.webhook is not None
    webhook = subscription.webhook.model_copy(
        update={"status": status, "status_detail": detail[:300], "status_at": at}
    )
    return subscription.model_copy(update={"webhook": webhook})


def _key(subscription_id: str) -> bytes:
    return subscription_id.encode()
