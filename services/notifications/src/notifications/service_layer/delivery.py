"""Delivers one ledger entry over its channel: attempt, record the outcome, back off, give up.

An e-mail for a daily-digest subscription is left pending here: the digest sends it
(service_layer/digests.py). A webhook delivery waits while its endpoint is pending validation
and is cancelled (reason `webhook_refused: ...`) once the endpoint has refused; see
service_layer/validation.py.

Every attempt is written to the ledger before the next step, so a restart resumes with the
right attempt number and due time, and `GET .../deliveries` shows the whole history.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import orjson

from notifications import metrics
from notifications.domain.changes import ChangeKind, snapshot_of
from notifications.domain.email_text import render_email
from notifications.domain.handshake import REQUEST_ORIGIN_HEADER
from notifications.domain.ledger import Attempt, AttemptOutcome, DeliveryRecord, DeliveryStatus
from notifications.domain.ledger_view import LedgerView
from notifications.domain.reminders import render_reminder_email
from notifications.domain.retry_policy import GiveUp, RetryPolicy, Wait, next_step
from notifications.domain.signing import webhook_headers
from notifications.domain.subscriptions import (
    Channel,
    Subscription,
    SubscriptionBook,
    WebhookStatus,
)
from notifications.domain.webhook_urls import UrlRefused
from notifications.service_layer.dead_letters import dead_letter
from notifications.service_layer.durable import write_durably
from notifications.service_layer.ports import (
    AddressResolver,
    EmailSender,
    OutRecord,
    RecordWriter,
    SendResult,
    WebhookSender,
)
from notifications.service_layer.url_check import check_webhook_url


class ValidationGate(Protocol):
    async def settled(self, subscription_id: str) -> None:
        """Returns once the subscription's webhook is no longer pending validation."""
        ...


@dataclass(frozen=True)
class DeliveryConfig:
    policy: RetryPolicy
    ledger_topic: str
    dead_letter_topic: str
    allow_private_webhooks: bool
    max_concurrent: int
    webhook_origin: str  # WebHook-Request-Origin, on every delivery as on the handshake


class DeliveryRunner:
    def __init__(
        self,
        config: DeliveryConfig,
        book: SubscriptionBook,
        ledger: LedgerView,
        writer: RecordWriter,
        webhooks: WebhookSender,
        emails: EmailSender,
        resolver: AddressResolver,
        owns: Callable[[int], bool],
        *,
        gate: ValidationGate,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._config = config
        self._book, self._ledger, self._writer = book, ledger, writer
        self._webhooks, self._emails, self._resolver = webhooks, emails, resolver
        self._owns, self._gate, self._clock, self._sleep = owns, gate, clock, sleep
        self._slots = asyncio.Semaphore(config.max_concurrent)

    async def run(self, delivery_id: str) -> None:
        while True:
            record = self._ledger.get(delivery_id)
            if record is None or record.is_final or not self._owns(record.source_partition):
                return
            subscription = self._book.get(record.subscription_id)
            if subscription is None:
                await self._finish(record, DeliveryStatus.CANCELLED, "subscription was deleted")
                return
            if record.channel is Channel.EMAIL and subscription.wants_digest:
                return  # waits, pending in the ledger, for the daily digest (digests.py)
            webhook = subscription.webhook if record.channel is Channel.WEBHOOK else None
            if webhook is not None and webhook.status is WebhookStatus.PENDING_VALIDATION:
                # Held, in order and without a slot, until the endpoint has answered.
                await self._gate.settled(subscription.subscription_id)
                continue
            if webhook is not None and webhook.status is WebhookStatus.REFUSED:
                reason = f"webhook_refused: the endpoint refused ({webhook.status_detail})"
                await self._finish(record, DeliveryStatus.CANCELLED, reason)
                return
            step = next_step(self._config.policy, record, self._clock())
            if isinstance(step, GiveUp):
                await dead_letter(self._writer, self._config.dead_letter_topic, record, step.reason)
                await self._finish(record, DeliveryStatus.FAILED, step.reason)
                return
            if isinstance(step, Wait):
                await self._sleep(step.seconds)
                continue
            attempt = await self._attempt(subscription, record, step.attempt_number)
            record = record.with_attempt(attempt)
            metrics.ATTEMPTS.labels(record.channel, attempt.outcome).inc()
            if attempt.outcome is AttemptOutcome.DELIVERED:
                waited = (self._clock() - record.created_at).total_seconds()
                metrics.DELIVERY_SECONDS.labels(record.channel).observe(max(waited, 0.0))
                await self._finish(record, DeliveryStatus.DELIVERED)
                return
            await self._store(record)

    async def _attempt(self, subscription: Subscription, record: DeliveryRecord, n: int) -> Attempt:
        started_at, started = self._clock(), time.perf_counter()
        async with self._slots:
            result = await self._send(subscription, record, n)
        return Attempt(
            number=n,
            at=started_at,
            duration_ms=round((time.perf_counter() - started) * 1000, 3),
            outcome=result.outcome,
            status_code=result.status_code,
            detail=result.detail[:500],
        )

    async def _send(self, subscription: Subscription, record: DeliveryRecord, n: int) -> SendResult:
        if record.event is None:
            return SendResult(AttemptOutcome.PERMANENT, None, "the event to deliver is missing")
        if record.channel is Channel.WEBHOOK and subscription.webhook is not None:
            url = subscription.webhook.url
            try:
                await check_webhook_url(url, self._resolver, self._config.allow_private_webhooks)
            except UrlRefused as refusal:
                return SendResult(AttemptOutcome.PERMANENT, None, f"{refusal.rule}: {refusal}")
            body = orjson.dumps(record.event, option=orjson.OPT_SORT_KEYS)
            secret = subscription.webhook.secret.get_secret_value()
            unix_time = int(self._clock().timestamp())
            headers = webhook_headers(secret, body, record.delivery_id, n, unix_time)
            # The CloudEvents webhook spec (4.1.2) asks for the handshake's origin on every
            # delivery once permission was granted.
            headers[REQUEST_ORIGIN_HEADER] = self._config.webhook_origin
            return await self._webhooks.post(url, body, headers)
        if record.channel is Channel.EMAIL and subscription.email is not None:
            email = subscription.email
            if record.change is ChangeKind.REMINDER:
                reminder = render_reminder_email(
                    record.event, email.language, subscription.name, subscription.subscription_id
                )
                message_id = f"<{record.delivery_id}@livinglab>"
                return await self._emails.send(email.address, reminder, message_id)
            match = snapshot_of(record.change, record.event)
            text = render_email(
                record.change,
                match,
                email.language,
                subscription.name,
                subscription.subscription_id,
            )
            return await self._emails.send(email.address, text, f"<{record.delivery_id}@livinglab>")
        return SendResult(
            AttemptOutcome.PERMANENT, None, f"channel {record.channel} not configured"
        )

    async def _finish(
        self, record: DeliveryRecord, status: DeliveryStatus, reason: str = ""
    ) -> None:
        await self._store(record.finished(status, self._clock(), reason))
        metrics.FINISHED.labels(record.channel, status).inc()

    async def _store(self, record: DeliveryRecord) -> None:
        self._ledger.apply(record)
        value = record.model_dump_json().encode()
        await write_durably(
            self._writer, self._config.ledger_topic, [OutRecord(record.delivery_id.encode(), value)]
        )
