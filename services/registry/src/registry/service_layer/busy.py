"""Which aggregates and event identities are between admission and Kafka's acknowledgement.

Admission is synchronous, but the acknowledgement is awaited; meanwhile another request about
the same aggregate (or the same source and id) must wait, or both could pass the sequence,
ownership or duplicate checks against a view that has neither. A holder marks its keys with one
future per flush and resolves it when its outcomes are in the view.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable


class BusyKeys:
    def __init__(self) -> None:
        self._held: dict[str, asyncio.Future[None]] = {}

    def blocking(
        self, keys: Iterable[str], mine: asyncio.Future[None] | None
    ) -> asyncio.Future[None] | None:
        """A holder other than `mine` of one of `keys`, to wait for (then ask again)."""
        for key in keys:
            holder = self._held.get(key)
            if holder is not None and holder is not mine:
                return holder
        return None

    def hold(self, keys: Iterable[str], mine: asyncio.Future[None]) -> None:
        for key in keys:
            self._held[key] = mine

    def release(self, keys: Iterable[str], mine: asyncio.Future[None]) -> None:
        for key in keys:
            if self._held.get(key) is mine:
                del self._held[key]
        if not mine.done():
            mine.set_result(None)

    def holders(self) -> set[asyncio.Future[None]]:
        return set(self._held.values())

    def __len__(self) -> int:
        return len(self._held)


def keys_of(subject: str, references: Iterable[str], identity: tuple[str, str]) -> list[str]:
    """The subject, what it points at (a membership waits for its initiative) and the identity:
    two bodies under one source and id, about two aggregates, must not both pass."""
    return [
        f"aggregate:{subject}",
        *(f"aggregate:{ref}" for ref in references),
        f"id:{identity[0]} {identity[1]}",
    ]
