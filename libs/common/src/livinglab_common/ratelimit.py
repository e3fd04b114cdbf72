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
    def __init__(self, per_minute: int) -> None:
        self._rate = per_minute / 60.0  # tokens per second
        self._burst = float(per_minute)
        self._buckets: dict[str, _Bucket] = {}

    def acquire(self, key: str, cost: float = 1.0, now: float | None = None) -> float:
        """Takes `cost` tokens; returns 0 when allowed, else the seconds to wait before retrying."""
        moment = time.monotonic() if now is None else now
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(self._burst, moment)
        bucket.tokens = min(self._burst, bucket.tokens + (moment - bucket.updated) * self._rate)
        bucket.updated = moment
        if bucket.tokens >= cost:
            bucket.tokens -= cost
            return 0.0
        return math.ceil((cost - bucket.tokens) / self._rate * 10) / 10
