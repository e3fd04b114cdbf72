"""Creating, reading and deleting subscriptions; each is durable on Kafka before it is answered."""

from __future__ import annotations

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
    WebhookTarget,
    to_record,
)
from notifications.service_layer.ports import AddressResolver, OutRecord, RecordWriter
from notifications.service_layer.url_check import check_webhook_url


class SubscriptionNotFound(Exception):
    pass


class SubscriptionLimitReached(Exception):
    pass


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
    ) -> None:
        self.book = book
        self._writer = writer
        self._topic = topic
        self._secrets = secrets
        self._resolver = resolver
        self._allow_private = allow_private_webhooks
        self._max_per_owner = max_per_owner
        self._clock = clock

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
        value = to_record(subscription, self._secrets)
        await self._writer.write(
            self._topic, [OutRecord(_key(subscription.subscription_id), value)]
        )
        self.book.apply(subscription.subscription_id, subscription)
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
        # A tombstone: compaction later erases the secret and e-mail address from the topic.
        await self._writer.write(self._topic, [OutRecord(_key(subscription_id), None)])
        self.book.apply(subscription_id, None)


def _key(subscription_id: str) -> bytes:
    return subscription_id.encode()
