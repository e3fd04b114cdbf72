"""Runs the webhook validation handshake and lets deliveries wait for its result.

A subscription's webhook starts `pending_validation`. The instance that created it (or was asked
to re-validate it) asks the endpoint at once; every instance also asks, at start-up, for each
webhook still pending, and whenever a delivery finds one pending, so a crash between creating a
subscription and recording its result never leaves it pending for good. With several instances
an endpoint may therefore be asked more than once; the first result recorded wins.

Deliveries for a pending webhook wait in their lane (they are kept in the ledger, so a restart
does not lose them) and go out in order once it is `active`; for a `refused` one they are
cancelled (see DeliveryRunner).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from notifications import metrics
from notifications.domain.handshake import Judgement, Verdict, judge, request_headers
from notifications.domain.retry_policy import RetryPolicy, stable_jitter
from notifications.domain.subscriptions import SubscriptionBook, WebhookStatus
from notifications.domain.webhook_urls import UrlRefused
from notifications.service_layer.ports import AddressResolver, WebhookSender
from notifications.service_layer.subscriptions import SubscriptionService
from notifications.service_layer.url_check import check_webhook_url

log = logging.getLogger(__name__)
# Handshakes in flight at once: a start-up with many pending webhooks must not fill the
# connection pool that deliveries use (a pool timeout would count against the endpoint).
MAX_CONCURRENT_HANDSHAKES = 16


class WebhookValidator:
    def __init__(
        self,
        book: SubscriptionBook,
        subscriptions: SubscriptionService,
        webhooks: WebhookSender,
        resolver: AddressResolver,
        *,
        origin: str,
        policy: RetryPolicy,
        allow_private_webhooks: bool,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._book, self._subscriptions = book, subscriptions
        self._webhooks, self._resolver = webhooks, resolver
        self._origin, self._policy = origin, policy
        self._allow_private, self._sleep = allow_private_webhooks, sleep
        self._running: dict[str, asyncio.Task[None]] = {}
        self._changed: dict[str, asyncio.Event] = {}
        self._slots = asyncio.Semaphore(MAX_CONCURRENT_HANDSHAKES)

    def request(self, subscription_id: str) -> None:
        """Starts a handshake for this subscription unless one is running in this process."""
        running = self._running.get(subscription_id)
        if running is not None and not running.done():
            return
        task = asyncio.create_task(self._validate(subscription_id), name="webhook-validation")
        self._running[subscription_id] = task

        def forget(done: asyncio.Task[None]) -> None:
            if self._running.get(subscription_id) is done:
                del self._running[subscription_id]

        task.add_done_callback(forget)

    def request_all_pending(self) -> None:
        for subscription_id in self._book.pending_validation():
            self.request(subscription_id)

    def changed(self, subscription_id: str) -> None:
        """Called on every change of the book: wakes the deliveries waiting for this one."""
        event = self._changed.pop(subscription_id, None)
        if event is not None:
            event.set()

    async def settled(self, subscription_id: str) -> None:
        """Returns once the webhook is no longer pending (or the subscription is gone)."""
        while True:
            subscription = self._book.get(subscription_id)
            webhook = subscription.webhook if subscription else None
            if webhook is None or webhook.status is not WebhookStatus.PENDING_VALIDATION:
                return
            self.request(subscription_id)  # someone has to ask; at most once per process
            changed = self._changed.setdefault(subscription_id, asyncio.Event())
            # Bounded, so a handshake that stopped on an unexpected error is started again.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(self._policy.max_s, 1.0)):
                    await changed.wait()

    async def close(self) -> None:
        tasks = list(self._running.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _validate(self, subscription_id: str) -> None:
        try:
            attempt = 0
            while True:
                subscription = self._book.get(subscription_id)
                webhook = subscription.webhook if subscription else None
                if webhook is None or webhook.status is not WebhookStatus.PENDING_VALIDATION:
                    return
                attempt += 1
                judgement = await self._ask(webhook.url)
                if judgement.verdict is Verdict.ASK_AGAIN and attempt < self._policy.max_attempts:
                    jitter = stable_jitter(f"validation:{subscription_id}", attempt)
                    await self._sleep(self._policy.delay_after(attempt, jitter))
                    continue
                await self._settle(subscription_id, judgement, attempt)
                return
        except asyncio.CancelledError:
            raise
        except Exception:
            # It stays pending: the next start-up, or the next delivery for it, asks again.
            log.exception("webhook validation of subscription %s stopped", subscription_id)

    async def _ask(self, url: str) -> Judgement:
        try:
            await check_webhook_url(url, self._resolver, self._allow_private)
        except UrlRefused as refusal:
            return Judgement(Verdict.REFUSED, f"{refusal.rule}: {refusal}")
        async with self._slots:
            answer = await self._webhooks.handshake(url, request_headers(self._origin))
        return judge(answer, self._origin)

    async def _settle(self, subscription_id: str, judgement: Judgement, attempts: int) -> None:
        if judgement.verdict is Verdict.ALLOWED:
            status, detail = WebhookStatus.ACTIVE, judgement.detail
        elif judgement.verdict is Verdict.REFUSED:
            status, detail = WebhookStatus.REFUSED, judgement.detail
        else:
            status = WebhookStatus.REFUSED
            detail = f"no answer after {attempts} attempts; last: {judgement.detail}"
        if await self._subscriptions.settle_validation(subscription_id, status, detail):
            metrics.VALIDATIONS.labels(status).inc()
            log.info("webhook of subscription %s is %s (%s)", subscription_id, status, detail)
