"""The per-key token bucket: a minute's allowance as burst, then a steady rate."""

from __future__ import annotations

from livinglab_common.ratelimit import RateLimiter


def test_a_burst_of_one_minutes_allowance_then_a_wait_until_the_next_token() -> None:
    limiter = RateLimiter(per_minute=6)  # one token every 10 s
    assert [limiter.acquire("k", now=100.0) for _ in range(6)] == [0.0] * 6
    assert limiter.acquire("k", now=100.0) == 10.0
    assert limiter.acquire("k", now=104.0) == 6.0
    assert limiter.acquire("k", now=110.0) == 0.0
    assert limiter.acquire("k", now=110.0) > 0


def test_keys_do_not_share_a_bucket() -> None:
    limiter = RateLimiter(per_minute=1)
    assert limiter.acquire("a", now=0.0) == 0.0
    assert limiter.acquire("a", now=0.0) == 60.0
    assert limiter.acquire("b", now=0.0) == 0.0


def test_an_idle_key_refills_only_up_to_the_burst() -> None:
    limiter = RateLimiter(per_minute=2)
    assert limiter.acquire("k", now=0.0) == 0.0
    # An hour idle does not bank 120 tokens: the bucket holds at most 2.
    assert [limiter.acquire("k", now=3600.0) for _ in range(3)][:2] == [0.0, 0.0]
    assert limiter.acquire("k", now=3600.0) > 0


def test_a_refused_request_takes_nothing_and_costs_can_be_larger() -> None:
    limiter = RateLimiter(per_minute=60)  # one per second
    assert limiter.acquire("k", cost=60, now=0.0) == 0.0
    assert limiter.acquire("k", now=0.5) == 0.5
    assert limiter.acquire("k", now=0.5) == 0.5  # the refusal above did not dig deeper
    assert limiter.acquire("k", cost=2, now=1.0) == 1.0


def test_many_keys_keep_memory_bounded_without_changing_any_answer() -> None:
    limiter = RateLimiter(per_minute=6000, max_buckets=10)  # 100 tokens a second
    limiter.acquire("busy", cost=6000, now=0.0)  # empty for a minute: must survive clean-ups
    for i in range(100):  # each refills within 0.01 s, so each is forgotten safely
        assert limiter.acquire(f"addr-{i}", now=i * 0.02) == 0.0
        assert len(limiter) <= 10
    assert limiter.acquire("busy", cost=1000, now=2.0) > 0  # still limited, not forgotten


def test_a_flood_of_keys_that_never_refill_still_stays_bounded() -> None:
    limiter = RateLimiter(per_minute=60, max_buckets=10)
    for i in range(100):
        limiter.acquire(f"addr-{i}", cost=60, now=0.0)
        assert len(limiter) <= 10
