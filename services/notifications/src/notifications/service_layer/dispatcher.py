"""Runs deliveries in lanes, up to `lanes` per (subscription, channel), chosen by match id.

Within a lane deliveries go one after another. All revisions of a match share a lane, so a
receiver sees them in order; different matches of one subscription spread over its lanes and go
out side by side, because one lane at a time caps a subscriber at one delivery per round trip
(HTTP request plus ledger write). Bounding the lanes bounds what one subscriber can have in
flight; `lanes=1` restores strict order per (subscription, channel). Lanes run side by side, so
a slow or failing receiver only ever delays itself (and, within a subscription, the matches that
share its lane). A lane's task exists only while it has work. Deliveries are only run for
matches-topic partitions this process owns, so after a rebalance the new owner, not this
process, finishes them.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterable

from opentelemetry import context as otel_context
from opentelemetry.context import Context

from notifications.domain.lanes import lane_of
from notifications.domain.ledger import DeliveryRecord
from notifications.domain.subscriptions import Channel

log = logging.getLogger(__name__)

LaneKey = tuple[str, Channel, int]  # subscription, channel, lane of the match id


class Dispatcher:
    def __init__(self, deliver: Callable[[str], Awaitable[None]], lanes: int = 1) -> None:
        if lanes < 1:
            raise ValueError("a subscription needs at least one lane per channel")
        self._deliver, self._lanes_per_subscription = deliver, lanes
        self._lanes: dict[LaneKey, deque[str]] = {}
        self._tasks: dict[LaneKey, asyncio.Task[None]] = {}
        self._queued: set[str] = set()
        self._owned: set[int] = set()
        # The trace context each delivery was submitted in, so its webhook continues the trace of
        # the match that planned it (empty when tracing is off).
        self._contexts: dict[str, Context] = {}

    def claim(self, partitions: Iterable[int]) -> None:
        self._owned.update(partitions)

    def release(self, partitions: Iterable[int]) -> None:
        self._owned.difference_update(partitions)

    def owns(self, partition: int) -> bool:
        return partition in self._owned

    def submit(self, record: DeliveryRecord) -> bool:
        """Queues a pending delivery unless it is queued already or not ours to run."""
        if (
            record.is_final
            or record.channel is Channel.FEED
            or record.delivery_id in self._queued
            or not self.owns(record.source_partition)
        ):
            return False
        key = (
            record.subscription_id,
            record.channel,
            lane_of(record.match_id, self._lanes_per_subscription),
        )
        self._lanes.setdefault(key, deque()).append(record.delivery_id)
        self._queued.add(record.delivery_id)
        self._contexts[record.delivery_id] = otel_context.get_current()
        if key not in self._tasks:
            self._tasks[key] = asyncio.create_task(self._drain(key), name=f"lane-{key[1]}-{key[2]}")
        return True

    @property
    def in_progress(self) -> int:
        return len(self._queued)

    async def close(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _drain(self, key: LaneKey) -> None:
        lane = self._lanes[key]
        try:
            while lane:
                delivery_id = lane[0]
                token = otel_context.attach(self._contexts.pop(delivery_id, Context()))
                try:
                    await self._deliver(delivery_id)
                except Exception:
                    # Still pending in the ledger: the next start or rebalance picks it up again.
                    log.exception("delivery %s stopped by an unexpected error", delivery_id)
                finally:
                    otel_context.detach(token)
                    lane.popleft()
                    self._queued.discard(delivery_id)
        finally:
            self._tasks.pop(key, None)
            self._lanes.pop(key, None)
            self._queued.difference_update(lane)
            for delivery_id in lane:
                self._contexts.pop(delivery_id, None)
