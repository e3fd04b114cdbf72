"""What the admitting instance writes of its own accord: the freshness notices and the label
awards. Both run as a periodic task on the instance that holds the admission lease, and both
write through `write_own_events`, which applies each event to the view once Kafka acknowledged
it, like an admitted event, so the next round (here or at a successor) finds it written."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from registry.adapters.kafka_publisher import Publisher, PublishUnavailable
from registry.domain.events import RegistryEvent
from registry.domain.records import Position
from registry.domain.view import RegistryView

log = logging.getLogger(__name__)


class Periodic:
    """Runs `step` every `interval_s` while `may_run()` says so; a failure is logged and the
    step is tried again at the next interval (it never ends the task)."""

    def __init__(
        self,
        name: str,
        interval_s: float,
        may_run: Callable[[], bool],
        step: Callable[[], Awaitable[int]],
    ) -> None:
        self._name, self._interval, self._may_run, self._step = name, interval_s, may_run, step
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self._name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                if self._may_run():
                    await self._step()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("%s failed; trying again next interval", self._name)


async def write_own_events(
    view: RegistryView, publisher: Publisher, topic_prefix: str, events: Sequence[RegistryEvent]
) -> int:
    """Sends the events and settles each in the view: at its position once Kafka acknowledged
    it, as not written when Kafka was unavailable (the next round writes it again). Returns
    how many Kafka acknowledged."""
    topics = [topic_prefix + event.topic for event in events]
    for topic, event in zip(topics, events, strict=True):
        view.send(topic, event.canonical)
    outcomes = await publisher.publish_all(
        [(t, e.subject.encode(), e.canonical) for t, e in zip(topics, events, strict=True)]
    )
    written = 0
    for topic, event, outcome in zip(topics, events, outcomes, strict=True):
        if isinstance(outcome, PublishUnavailable):
            view.settle(event, event.digest, topic, None)
            continue
        view.settle(
            event, event.digest, topic, Position(outcome.topic, outcome.partition, outcome.offset)
        )
        written += 1
    return written
