"""Backoff: exponential, capped, jittered within bounds; and when to give up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from notifications.domain.ledger import Attempt, AttemptOutcome
from notifications.domain.planning import announcement_records
from notifications.domain.retry_policy import (
    GiveUp,
    RetryPolicy,
    TryNow,
    Wait,
    next_step,
    outcome_for_status,
    stable_jitter,
)
from notifications.domain.subscriptions import Channel

from tests.unit.notifications.builders import NOW, change, subscription

POLICY = RetryPolicy(max_attempts=4, base_s=1.0, max_s=30.0)


@given(st.integers(1, 40), st.floats(0, 0.999))
def test_delays_stay_between_half_and_all_of_the_capped_exponential(n: int, jitter: float) -> None:
    ceiling = min(30.0, 2.0 ** (n - 1))
    assert ceiling / 2 <= POLICY.delay_after(n, jitter) <= ceiling


def test_delays_grow_until_the_cap() -> None:
    delays = [POLICY.delay_after(n, 0.0) for n in range(1, 9)]
    assert delays == [0.5, 1, 2, 4, 8, 15, 15, 15]


def test_jitter_is_stable_per_delivery_and_attempt_and_spread_between_them() -> None:
    assert stable_jitter("d-1", 1) == stable_jitter("d-1", 1)
    spread = {round(stable_jitter(f"d-{i}", 1), 2) for i in range(50)}
    assert len(spread) > 25
    assert all(0 <= stable_jitter(f"d-{i}", 3) < 1 for i in range(50))


def webhook_record():  # type: ignore[no-untyped-def]
    records = announcement_records(subscription(), change(), 0, NOW)
    return next(r for r in records if r.channel is Channel.WEBHOOK)


def failed(number: int, seconds_ago: float, outcome: AttemptOutcome) -> Attempt:
    at = NOW - timedelta(seconds=seconds_ago)
    return Attempt(number=number, at=at, duration_ms=5, outcome=outcome, detail="HTTP 503")


def test_first_attempt_at_once_then_wait_for_the_backoff() -> None:
    record = webhook_record()
    assert next_step(POLICY, record, NOW) == TryNow(1)
    just_failed = record.with_attempt(failed(1, 0, AttemptOutcome.RETRYABLE))
    step = next_step(POLICY, just_failed, NOW)
    # Counted from the end of the attempt, which took 5 ms: half to all of 1 s after that.
    assert isinstance(step, Wait) and 0.505 <= step.seconds <= 1.005
    assert next_step(POLICY, just_failed, NOW + timedelta(seconds=1.005)) == TryNow(2)


def test_give_up_after_max_attempts_or_a_permanent_failure() -> None:
    record = webhook_record()
    for n in range(1, 5):
        record = record.with_attempt(failed(n, 100, AttemptOutcome.RETRYABLE))
    step = next_step(POLICY, record, NOW)
    assert isinstance(step, GiveUp) and "after 4 attempts" in step.reason
    refused = webhook_record().with_attempt(failed(1, 0, AttemptOutcome.PERMANENT))
    assert isinstance(next_step(POLICY, refused, NOW), GiveUp)


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, AttemptOutcome.DELIVERED),
        (204, AttemptOutcome.DELIVERED),
        (301, AttemptOutcome.PERMANENT),
        (400, AttemptOutcome.PERMANENT),
        (404, AttemptOutcome.PERMANENT),
        (408, AttemptOutcome.RETRYABLE),
        (429, AttemptOutcome.RETRYABLE),
        (500, AttemptOutcome.RETRYABLE),
        (503, AttemptOutcome.RETRYABLE),
    ],
)
def test_http_status_outcomes(status: int, outcome: AttemptOutcome) -> None:
    assert outcome_for_status(status) is outcome
