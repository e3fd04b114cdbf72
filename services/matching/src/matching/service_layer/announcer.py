"""Sends each batch's match events to Kafka once the batch has committed, in the order the
batches committed, while the worker goes on with the next batch.

A batch saves its match changes and their events in the outbox in its own transaction
(adapters.match_store), so they are durable before they are sent: the worker acknowledges the
batch's offsets once it has committed, and sending holds neither the namespace lock nor the
next batch (it was ~45 ms of each ~300 ms write in the graph-build bench). Order still holds:
a batch's events go out only after those of the batch before were acknowledged, so the
revisions of one match follow each other; a worker that finds another wrote before it, or that
starts, first sends whatever the outbox still holds (MatchingService.flush_outbox). An event
can go out twice (a crash before its outbox row is deleted, another worker flushing it
meanwhile), always with the same CloudEvents id, which consumers deduplicate.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, wait_exponential_jitter
from tenacity.wait import wait_base

from matching.adapters.match_store import OutboxRecord

log = logging.getLogger(__name__)
BACKOFF = wait_exponential_jitter(multiplier=0.2, max=20)


def _log_failure(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    log.warning(
        "announcing a batch's match events failed (%r, attempt %d); they wait in the outbox,"
        " retrying",
        error,
        state.attempt_number,
    )


class Announcer:
    def __init__(
        self,
        publish: Callable[[Sequence[OutboxRecord]], Awaitable[None]],
        wait: wait_base = BACKOFF,
    ) -> None:
        """`publish` sends the records and then deletes them from the outbox; `wait` is the
        pause between attempts."""
        self._publish = publish
        self._wait = wait
        self._last: asyncio.Task[None] | None = None
        self.pending = 0  # batches whose events are not all acknowledged yet

    def submit(self, records: Sequence[OutboxRecord]) -> None:
        """Sends these records after everything submitted before, retrying until Kafka has
        acknowledged them (while it is away they wait in the outbox)."""
        if not records:
            return
        self.pending += 1
        self._last = asyncio.create_task(self._after(self._last, records))

    async def _after(
        self, previous: asyncio.Task[None] | None, records: Sequence[OutboxRecord]
    ) -> None:
        try:
            if previous is not None:
                await previous  # cancelled with it: nothing goes out of order
            async for attempt in AsyncRetrying(
                retry=retry_if_exception_type(Exception),
                wait=self._wait,
                before_sleep=_log_failure,
                reraise=True,
            ):
                with attempt:
                    await self._publish(records)
        finally:
            self.pending -= 1

    async def drain(self) -> None:
        """Waits until everything submitted is sent (a caller cancelled meanwhile leaves the
        sending to go on)."""
        if self._last is not None:
            await asyncio.shield(self._last)

    async def close(self, timeout_s: float) -> None:
        """Waits for what is submitted, at most `timeout_s`; what is not sent by then stays in
        the outbox and goes out at the next start."""
        if self._last is None:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._last), timeout_s)
        self._last.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._last
