"""Sends each digest subscription at most one e-mail a day, with the changes since the last.

The changes wait in the delivery ledger, where every e-mail announcement is recorded anyway
(pending, with the event): the ledger is a compacted Kafka topic that every instance reads back
at start-up, so they survive restarts without a second store, and `GET .../deliveries` shows
them waiting. Rebuilding them from the matches topic instead would have to repeat the planning
(filters, follow-ups) against subscriptions as they were then.

Exactly once per subscription and local day, across restarts:
1. the digest id is derived from (subscription, local date);
2. the changes it takes are written to the ledger marked with that id (acks=all) BEFORE the
   e-mail is sent, so a digest that was started is found again after a crash and resent with
   the same Message-ID (the same changes), never assembled a second time;
3. once sent, they are written as delivered. A slot whose id is on any ledger entry is done
   (or being finished), so later changes that day wait for tomorrow.

With several instances, digests are run by the instance that owns partition 0 of the matches
topic; ownership moves with a rebalance, and the new owner reads the ledger up to date first.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from notifications import metrics
from notifications.domain.digest import (
    DigestSlot,
    digest_lines,
    due_slot,
    render_digest,
    waiting_changes,
)
from notifications.domain.ledger import Attempt, AttemptOutcome, DeliveryRecord, DeliveryStatus
from notifications.domain.ledger_view import LedgerView
from notifications.domain.retry_policy import RetryPolicy
from notifications.domain.subscriptions import Subscription, SubscriptionBook
from notifications.service_layer.dead_letters import dead_letter
from notifications.service_layer.durable import write_durably
from notifications.service_layer.ports import EmailSender, OutRecord, RecordWriter

log = logging.getLogger(__name__)
DIGEST_PARTITION = 0  # the matches-topic partition whose owner runs the digests


@dataclass(frozen=True)
class DigestConfig:
    policy: RetryPolicy
    ledger_topic: str
    dead_letter_topic: str
    link_template: str  # with {match_id}


class DigestSender:
    def __init__(
        self,
        config: DigestConfig,
        book: SubscriptionBook,
        ledger: LedgerView,
        writer: RecordWriter,
        emails: EmailSender,
        owns: Callable[[int], bool],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._config = config
        self._book, self._ledger, self._writer, self._emails = book, ledger, writer, emails
        self._owns, self._clock = owns, clock
        # The background loop and a caller (tests, an operator) never build one digest twice.
        self._lock = asyncio.Lock()

    async def run_due(self) -> int:
        """Sends every digest that is due and not sent yet; returns how many went out."""
        if not self._owns(DIGEST_PARTITION):
            return 0
        sent = 0
        async with self._lock:
            now = self._clock()
            for subscription in self._book.all():
                if subscription.wants_digest and await self._run(subscription, now):
                    sent += 1
        return sent

    async def run_forever(
        self, interval_s: float, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    ) -> None:
        while True:
            try:
                await self.run_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("daily digests stopped by an unexpected error; next round retries")
            await sleep(interval_s)

    async def _run(self, subscription: Subscription, now: datetime) -> bool:
        assert subscription.email is not None
        slot = due_slot(subscription.email, subscription.subscription_id, now)
        if slot is None:
            return False
        records = self._ledger.for_subscription(subscription.subscription_id)
        taken = [r for r in records if r.digest_id == slot.digest_id]
        if taken and all(r.is_final for r in taken):
            return False  # today's digest is done; later changes wait for tomorrow
        if not taken:
            waiting = waiting_changes(records, slot.cutoff)
            if not waiting:
                return False  # nothing new: no e-mail today
            taken = [r.in_digest(slot.digest_id) for r in waiting]
            await self._store(taken)  # claimed before sending: a restart resends, not rebuilds
        pending = [r for r in taken if not r.is_final]
        return await self._send(subscription, slot, pending, now)

    async def _send(
        self,
        subscription: Subscription,
        slot: DigestSlot,
        records: list[DeliveryRecord],
        now: datetime,
    ) -> bool:
        assert subscription.email is not None
        # The same changes as the first try, so a resent digest has the same content.
        text = render_digest(subscription, slot, digest_lines(records), self._config.link_template)
        number = max(len(r.attempts) for r in records) + 1
        started = time.perf_counter()
        result = await self._emails.send(
            subscription.email.address, text, f"<{slot.digest_id}@livinglab>"
        )
        attempt = Attempt(
            number=number,
            at=now,
            duration_ms=round((time.perf_counter() - started) * 1000, 3),
            outcome=result.outcome,
            status_code=result.status_code,
            detail=result.detail[:500],
        )
        metrics.ATTEMPTS.labels("email", attempt.outcome).inc()
        attempted = [r.with_attempt(attempt) for r in records]
        if attempt.outcome is AttemptOutcome.DELIVERED:
            await self._store([r.finished(DeliveryStatus.DELIVERED, now) for r in attempted])
            log.info(
                "daily digest %s sent to subscription %s with %d change(s)",
                slot.digest_id,
                subscription.subscription_id,
                len(records),
            )
            return True
        if (
            attempt.outcome is AttemptOutcome.PERMANENT
            or number >= self._config.policy.max_attempts
        ):
            reason = f"daily digest {slot.digest_id} not delivered: {result.detail}"
            for record in attempted:
                await dead_letter(self._writer, self._config.dead_letter_topic, record, reason)
            await self._store([r.finished(DeliveryStatus.FAILED, now, reason) for r in attempted])
            return False
        # Retryable: kept with the attempt; the next round (digest_check_interval_s) tries again.
        await self._store(attempted)
        return False

    async def _store(self, records: list[DeliveryRecord]) -> None:
        for record in records:
            self._ledger.apply(record)
        await write_durably(
            self._writer,
            self._config.ledger_topic,
            [OutRecord(r.delivery_id.encode(), r.model_dump_json().encode()) for r in records],
        )
