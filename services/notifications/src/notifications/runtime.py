"""Starts and stops the background parts in order, and says what keeps the service from ready."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from livinglab_common.follower import TopicFollower

from notifications.adapters.followers import LedgerFollower
from notifications.adapters.kafka_writer import KafkaWriter
from notifications.adapters.webhook_sender import HttpWebhookSender
from notifications.entrypoints.consumer import MatchConsumer
from notifications.entrypoints.reminder_consumer import ReminderConsumer
from notifications.service_layer.digests import DigestSender
from notifications.service_layer.dispatcher import Dispatcher
from notifications.service_layer.validation import WebhookValidator

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    writer: KafkaWriter
    followers: list[TopicFollower]
    ledger_follower: LedgerFollower
    consumer: MatchConsumer
    dispatcher: Dispatcher
    webhooks: HttpWebhookSender
    validator: WebhookValidator
    digests: DigestSender
    digest_check_interval_s: float
    reminders: ReminderConsumer | None = None  # freshness reminders (issue 19)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def all_followers(self) -> list[TopicFollower]:
        return [*self.followers, self.ledger_follower.follower]

    def start(self) -> None:
        for follower in self.all_followers:
            follower.start()
        self._tasks.append(asyncio.create_task(self._start_consuming(), name="notifications-start"))

    async def _start_consuming(self) -> None:
        await self.writer.connect()
        # Deciding before the ledger is read in full would announce old changes again.
        await asyncio.gather(*(f.caught_up.wait() for f in self.all_followers))
        log.info("subscriptions and delivery ledger read; consuming match events")
        # Webhooks still pending (a crash before their result was stored, or records written
        # before the handshake existed) are asked now rather than at their first delivery.
        self.validator.request_all_pending()
        self._tasks.append(asyncio.create_task(self.consumer.run_forever(), name="matches"))
        if self.reminders is not None:
            self._tasks.append(
                asyncio.create_task(self.reminders.run_forever(), name="freshness-reminders")
            )
        self._tasks.append(
            asyncio.create_task(
                self.digests.run_forever(self.digest_check_interval_s), name="daily-digests"
            )
        )

    async def stop(self) -> None:
        for task in reversed(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.dispatcher.close()
        if self.reminders is not None:
            await self.reminders.dispatcher.close()
        await self.validator.close()
        for follower in self.all_followers:
            await follower.stop()
        await self.writer.stop()
        await self.webhooks.close()

    async def kafka_problem(self) -> str | None:
        return await self.writer.problem()

    async def state_problem(self) -> str | None:
        waiting = [f.name for f in self.all_followers if not f.caught_up.is_set()]
        if waiting:
            return f"still reading {', '.join(waiting)} from Kafka"
        if not self.consumer.assigned.is_set():
            return "waiting for the matches consumer to join its group"
        return None
