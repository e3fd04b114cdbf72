"""In-memory stand-ins for Kafka, shaped like registry.adapters.kafka_publisher.Publisher."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence

from registry.adapters.kafka_publisher import Outcome, Outgoing, Position, PublishUnavailable


class InMemoryPublisher:
    """Appends to per-topic logs. `down` refuses at once; `stalled` keeps deliveries in flight
    (as a producer does while the broker is unreachable) until `release()`."""

    def __init__(self) -> None:
        self.logs: dict[str, list[tuple[bytes, bytes]]] = defaultdict(list)
        self.down = False
        self.stalled = False
        self._in_flight: list[tuple[str, bytes, bytes, asyncio.Future[Position]]] = []
        self.rounds: list[list[bytes]] = []  # the keys of each publish_all, in order

    async def publish(self, topic: str, key: bytes, value: bytes) -> Position:
        [outcome] = await self.publish_all([(topic, key, value)])
        if isinstance(outcome, PublishUnavailable):
            raise outcome
        return outcome

    async def publish_all(self, records: Sequence[Outgoing]) -> list[Outcome]:
        self.rounds.append([key for _, key, _ in records])
        await asyncio.sleep(0)  # a real producer awaits the broker: let other requests run
        return [self._one(topic, key, value) for topic, key, value in records]

    def _one(self, topic: str, key: bytes, value: bytes) -> Outcome:
        if self.down:
            return PublishUnavailable("broker down")
        if self.stalled:
            pending: asyncio.Future[Position] = asyncio.get_running_loop().create_future()
            self._in_flight.append((topic, key, value, pending))
            return PublishUnavailable("no acknowledgement in time", pending)
        return self._append(topic, key, value)

    async def problem(self) -> str | None:
        return "broker down" if self.down or self.stalled else None

    def release(self, fail: bool = False) -> None:
        """The broker is back: deliveries in flight land (or fail, if they had expired)."""
        self.stalled = False
        for topic, key, value, pending in self._in_flight:
            if fail:
                pending.set_exception(PublishUnavailable("expired"))
            else:
                pending.set_result(self._append(topic, key, value))
        self._in_flight.clear()

    def values(self, topic: str) -> list[bytes]:
        return [value for _, value in self.logs[topic]]

    def _append(self, topic: str, key: bytes, value: bytes) -> Position:
        self.logs[topic].append((key, value))
        return Position(topic, 0, len(self.logs[topic]) - 1)
