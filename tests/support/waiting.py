"""Waiting for something the system does in its own time, from synchronous tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def eventually(
    check: Callable[[], T | None], what: str, timeout_s: float = 60, poll_s: float = 0.1
) -> T:
    """Polls `check` until it returns something truthy, or fails after the deadline."""
    deadline, last = time.monotonic() + timeout_s, None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(poll_s)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what}; last: {last!r}")
