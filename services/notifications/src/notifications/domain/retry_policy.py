"""When to try a delivery again, and when to give up.

Delays grow exponentially (base, 2*base, 4*base ... capped at max) with "equal jitter": half the
delay is fixed, the other half spread over receivers, so a receiver coming back is not hit by
every subscription at the same instant. The jitter is derived from the delivery id and attempt
number instead of a random draw, so a restarted process computes the same due time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from notifications.domain.ledger import AttemptOutcome, DeliveryRecord


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    base_s: float
    max_s: float

    def delay_after(self, attempt_number: int, jitter: float) -> float:
        """Seconds between attempt `attempt_number` and the next one; jitter is in [0, 1)."""
        ceiling = min(self.max_s, self.base_s * float(2 ** (attempt_number - 1)))
        return ceiling / 2 + ceiling / 2 * jitter


@dataclass(frozen=True)
class TryNow:
    attempt_number: int


@dataclass(frozen=True)
class Wait:
    seconds: float


@dataclass(frozen=True)
class GiveUp:
    reason: str


NextStep = TryNow | Wait | GiveUp


def stable_jitter(delivery_id: str, attempt_number: int) -> float:
    digest = hashlib.sha256(f"{delivery_id}:{attempt_number}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def next_step(policy: RetryPolicy, record: DeliveryRecord, now: datetime) -> NextStep:
    if not record.attempts:
        return TryNow(1)
    last = record.attempts[-1]
    if last.outcome is AttemptOutcome.PERMANENT:
        return GiveUp(f"permanent failure on attempt {last.number}: {last.detail}")
    if len(record.attempts) >= policy.max_attempts:
        return GiveUp(f"gave up after {len(record.attempts)} attempts; last: {last.detail}")
    delay = policy.delay_after(last.number, stable_jitter(record.delivery_id, last.number))
    due = last.at + timedelta(milliseconds=last.duration_ms, seconds=delay)
    if due > now:
        return Wait((due - now).total_seconds())
    return TryNow(last.number + 1)


def outcome_for_status(status_code: int) -> AttemptOutcome:
    """2xx delivered; 408, 425, 429 and 5xx may pass later; other answers will not change."""
    if 200 <= status_code < 300:
        return AttemptOutcome.DELIVERED
    if status_code in (408, 425, 429) or status_code >= 500:
        return AttemptOutcome.RETRYABLE
    # 3xx included: redirects are not followed, since the target was never validated.
    return AttemptOutcome.PERMANENT
