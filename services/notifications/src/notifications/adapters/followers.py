"""Keeps the subscription book and the delivery ledger in step with their compacted topics.

Both are read whole from offset 0 (every instance needs all subscriptions and the whole ledger
to decide what was announced). Records written by this process are applied locally at once;
seeing them again from the topic changes nothing, because the ledger only moves forward.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiokafka import ConsumerRecord
from livinglab_common.follower import PoisonRecord, TopicFollower
from pydantic import ValidationError

from notifications.domain.ledger import DeliveryRecord
from notifications.domain.ledger_view import LedgerView
from notifications.domain.secret_box import SecretBox
from notifications.domain.subscriptions import SubscriptionBook, from_record

log = logging.getLogger(__name__)


def follow_subscriptions(
    bootstrap_servers: str,
    topic: str,
    book: SubscriptionBook,
    secrets: SecretBox,
    dead_letter_topic: str | None = None,
) -> TopicFollower:
    """A record that is not a subscription goes to `dead_letter_topic` and the book reads on.

    So does one whose webhook secret none of the configured keys opens (reason
    `webhook.secret: webhook_secret_not_opened`). It stays on the topic: with the right keys
    configured, a restart reads it again from offset 0.
    """

    def apply(record: ConsumerRecord[bytes, bytes]) -> None:
        try:
            subscription_id = (record.key or b"").decode()
        except UnicodeDecodeError:
            raise PoisonRecord("the key is not a subscription id (not UTF-8)") from None
        if not subscription_id:
            raise PoisonRecord("a subscription record needs its id as key")
        if record.value is None:
            book.apply(subscription_id, None)
            return
        try:
            subscription = from_record(record.value, secrets)
        except ValidationError as error:
            # Field names and rules only: the values may include a webhook secret (plain in a
            # record written before secrets were sealed).
            problems = [
                f"{'.'.join(map(str, e['loc'])) or '(record)'}: {e['type']}" for e in error.errors()
            ]
            raise PoisonRecord(f"not a subscription: {'; '.join(problems)}") from None
        if subscription.subscription_id != subscription_id:
            raise PoisonRecord("the key does not name the subscription in the value")
        book.apply(subscription_id, subscription)

    return TopicFollower(
        bootstrap_servers, [topic], apply, name="subscriptions", dead_letter_topic=dead_letter_topic
    )


class LedgerFollower:
    """Also tells which ledger offsets it has applied, for the rebalance barrier."""

    def __init__(
        self,
        bootstrap_servers: str,
        topic: str,
        ledger: LedgerView,
        on_new_state: Callable[[DeliveryRecord], None],
    ) -> None:
        self.topic = topic
        self.applied: dict[int, int] = {}  # partition -> last applied offset
        self._advanced = asyncio.Event()
        self._ledger = ledger
        self._on_new_state = on_new_state
        self.follower = TopicFollower(
            bootstrap_servers, [topic], self._apply, name="delivery-ledger"
        )

    async def wait_for_offsets(self, last_offsets: dict[int, int]) -> None:
        """Returns once every partition's record at the given offset has been applied."""
        while any(self.applied.get(p, -1) < last for p, last in last_offsets.items()):
            self._advanced.clear()
            await self._advanced.wait()

    def _apply(self, record: ConsumerRecord[bytes, bytes]) -> None:
        self.applied[record.partition] = record.offset
        self._advanced.set()
        if record.value is None:
            return
        try:
            entry = DeliveryRecord.model_validate_json(record.value)
        except ValidationError as error:
            log.error(
                "ignoring malformed ledger entry at %s/%s: %s",
                record.partition,
                record.offset,
                error,
            )
            return
        # Records from before start-up are history; only later ones (from other instances) act.
        if self._ledger.apply(entry) and self.follower.caught_up.is_set():
            self._on_new_state(entry)
