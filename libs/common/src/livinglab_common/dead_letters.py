"""The shape of a dead letter, the same in every service: the rejected record with why and where.

Headers: `x-dlq-reason` (why, at most 1000 bytes) and `x-dlq-origin` (`topic/partition/offset`
of the rejected record). A value or key too large to forward whole is cut, and
`x-dlq-original-size` / `x-dlq-original-key-size` keep the full size: the full record is still
at its origin (the topics keep everything), while forwarding it whole could exceed what the
producer or the broker takes and wedge the consumer on a record it only wants to set aside.
"""

from __future__ import annotations

from dataclasses import dataclass

REASON_HEADER = "x-dlq-reason"
ORIGIN_HEADER = "x-dlq-origin"
ORIGINAL_SIZE_HEADER = "x-dlq-original-size"
ORIGINAL_KEY_SIZE_HEADER = "x-dlq-original-key-size"
MAX_FORWARDED_VALUE = 65_536
MAX_FORWARDED_KEY = 1_024
MAX_REASON = 1_000


@dataclass(frozen=True)
class DeadLetter:
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]


def origin_of(topic: str, partition: int, offset: int) -> str:
    return f"{topic}/{partition}/{offset}"


def dead_letter(key: bytes | None, value: bytes | None, reason: str, origin: str) -> DeadLetter:
    headers = [(REASON_HEADER, reason.encode()[:MAX_REASON]), (ORIGIN_HEADER, origin.encode())]
    if value is not None and len(value) > MAX_FORWARDED_VALUE:
        headers.append((ORIGINAL_SIZE_HEADER, str(len(value)).encode()))
        value = value[:MAX_FORWARDED_VALUE]
    if key is not None and len(key) > MAX_FORWARDED_KEY:
        headers.append((ORIGINAL_KEY_SIZE_HEADER, str(len(key)).encode()))
        key = key[:MAX_FORWARDED_KEY]
    return DeadLetter(key, value, tuple(headers))
