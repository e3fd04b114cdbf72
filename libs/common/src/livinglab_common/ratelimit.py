"""Per-key token bucket: a steady rate with a burst of one minute's allowance."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    def __init__(self, per_minute: int, max_buckets: int = 100_000) -> None:
        self._rate = per_minute / 60.0  # tokens per second
        self._burst = float(per_minute)
        self._buckets: dict[str, _Bucket] = {}
        # Keys (client addresses above all) are chosen by callers: memory must stay bounded.
        self._max_buckets = max_buckets

    def __len__(self) -> int:
        return len(self._buckets)

    @property
    def burst(self) -> float:
        return self._burst

    def acquire(self, key: str, cost: float = 1.0, now: float | None = None) -> float:
        """Takes `cost` tokens; returns 0 when allowed, else the seconds to wait before retrying."""
        wait, bucket = self._wait(key, cost, now)
        if not wait:
            bucket.tokens -= cost
        return wait

    def wait(self, key: str, cost: float = 1.0, now: float | None = None) -> float:
        """What `acquire` would answer, without taking anything."""
        return self._wait(key, cost, now)[0]

    def _wait(self, key: str, cost: float, now: float | None) -> tuple[float, _Bucket]:
        moment = time.monotonic() if now is None else now
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self._max_buckets:
                self._forget(moment)
            bucket = self._buckets[key] = _Bucket(self._burst, moment)
        bucket.tokens = min(self._burst, bucket.tokens + (moment - bucket.updated) * self._rate)
        bucket.updated = moment
        if bucket.tokens >= cost:
            return 0.0, bucket
        return math.ceil((cost - bucket.tokens) / self._rate * 10) / 10, bucket

    def _forget(self, moment: float) -> None:
        """Drops the buckets that have refilled (a new one starts full, so nothing changes for
        them); if none has, the least recently used half, so no flood of keys grows memory."""
        full = [
            key
            for key, b in self._buckets.items()
            if b.tokens + (moment - b.updated) * self._rate >= self._burst
        ]
        if not full:
            by_age = sorted(self._buckets, key=lambda key: self._buckets[key].updated)
            full = by_age[: max(1, len(by_age) // 2)]
        for key in full:
            del self._buckets[key]
