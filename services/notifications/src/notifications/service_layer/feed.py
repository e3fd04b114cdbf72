"""The live feed: announcements fanned out to connected subscribers, never blocking the producer.

Each connection has a bounded queue. A client that falls too far behind is disconnected instead
of slowing anyone down; it reconnects with `Last-Event-ID` and gets what it missed from a short
history kept in memory.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass
from typing import Any

from notifications.domain.ledger import DeliveryRecord


@dataclass(frozen=True)
class FeedMessage:
    message_id: str
    owner: str
    subscription_id: str
    event_name: str
    event: dict[str, Any]


def feed_message(record: DeliveryRecord, owner: str) -> FeedMessage | None:
    if record.event is None:
        return None
    return FeedMessage(
        message_id=record.delivery_id,
        owner=owner,
        subscription_id=record.subscription_id,
        event_name=f"match.{record.change}",
        event=record.event,
    )


class FeedConnection:
    def __init__(self, owner: str, queue_size: int, backlog: list[FeedMessage]) -> None:
        self.owner = owner
        self._queue: asyncio.Queue[FeedMessage] = asyncio.Queue(max(queue_size, len(backlog)))
        self.overflowed = False
        for message in backlog:
            self._queue.put_nowait(message)

    def offer(self, message: FeedMessage) -> None:
        if self.overflowed:
            return
        try:
            self._queue.put_nowait(message)
        except asyncio.QueueFull:
            self.overflowed = True

    async def next(self) -> FeedMessage | None:
        """The next message, or None once the connection fell behind and must reconnect."""
        if self.overflowed and self._queue.empty():
            return None
        return await self._queue.get()


class FeedHub:
    def __init__(self, history_size: int, queue_size: int) -> None:
        self._history: deque[FeedMessage] = deque(maxlen=history_size)
        self._queue_size = queue_size
        self._connections: set[FeedConnection] = set()

    def publish(self, message: FeedMessage) -> None:
        self._history.append(message)
        for connection in self._connections:
            if connection.owner == message.owner:
                connection.offer(message)

    def connect(self, owner: str, last_event_id: str | None = None) -> FeedConnection:
        connection = FeedConnection(owner, self._queue_size, self._missed(owner, last_event_id))
        self._connections.add(connection)
        return connection

    def disconnect(self, connection: FeedConnection) -> None:
        self._connections.discard(connection)

    @property
    def connection_count(self) -> int:
        return len(self._connections)

    def _missed(self, owner: str, last_event_id: str | None) -> list[FeedMessage]:
        if not last_event_id:
            return []
        ids = [m.message_id for m in self._history]
        if last_event_id not in ids:
            return []
        after = list(self._history)[ids.index(last_event_id) + 1 :]
        return [m for m in after if m.owner == owner]
