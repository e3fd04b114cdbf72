"""The faust worker: consumes the registry topics and coordinator feedback in batches.

Offsets are committed only after a batch is fully handled (graph written, changes stored in the
outbox): while Neo4j or Kafka is down, or anything else fails, the batch is retried with backoff
instead of skipped.

Batches overlap in a pipeline of two: while batch N is written to Neo4j (a task), batch N+1 is
taken and re-scored in memory (MatchingService.decide); N+1 is written once N is done, and each
batch's offsets are acknowledged only when it is written. A written batch's match events are
sent from the outbox meanwhile, in order (service_layer.announcer).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import faust
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from faust.types import TP
from livinglab_common.dead_letters import MAX_FORWARDED_VALUE, dead_letter, origin_of
from livinglab_common.tracing import Received, batch_span
from livinglab_contracts import (
    EVENT_SPECS,
    FEEDBACK_TOPIC,
    REGISTRY_TOPICS,
    ContractViolation,
    dead_letter_topic,
    decode_event,
)
from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    wait_exponential_jitter,
)

from matching.entrypoints import metrics
from matching.entrypoints.prompt_fetch import fetch_promptly
from matching.service_layer.handlers import Decided, MatchingService, Outcome, Record

log = logging.getLogger(__name__)
RETRYABLE = (ServiceUnavailable, SessionExpired, TransientError, KafkaError, OSError, TimeoutError)
# What the worker reads; the service (built in bootstrap) refuses other types the same way.
CONSUMED_TYPES = tuple(s.type for s in EVENT_SPECS if s.topic in (*REGISTRY_TOPICS, FEEDBACK_TOPIC))


def broker_url(bootstrap_servers: str) -> str:
    return ";".join(f"kafka://{server.strip()}" for server in bootstrap_servers.split(","))


def _log_failure(count: int) -> Callable[[RetryCallState], None]:
    def log_it(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, RETRYABLE):
            log.warning("batch of %d failed (%r); retrying", count, error)
        else:
            log.error(
                "batch of %d failed with an unexpected error (attempt %d); retrying, its offsets"
                " stay uncommitted",
                count,
                state.attempt_number,
                exc_info=error,
            )

    return log_it


async def handle_with_retry(service: MatchingService, records: Sequence[Record]) -> Outcome:
    """Handles the batch, retrying with backoff until it is done; nothing is ever skipped.

    Neo4j or Kafka being away (RETRYABLE) is retried with a warning. Any other error is retried
    too, logged with its traceback: raising it would crash the faust agent, whose supervisor
    starts a new one *after* this batch, so the batch's offsets would be committed while nothing
    of it reached the graph (a silent loss only a full replay repairs). Records that can never be
    handled are dead-lettered by the service before anything is written; an error that remains
    is an outage or a bug, and a stalled partition (lag, an error log line per attempt) loses
    nothing and resumes by itself once it is gone, where dead-lettering valid events would drop
    them from the graph. Cancellation (shutdown, rebalance) is not an Exception and ends it.
    """
    return await _until_done(lambda: service.handle(records), len(records))


async def write_with_retry(service: MatchingService, decided: Decided) -> Outcome:
    """Writes a decided batch as handle_with_retry handles one (a failed attempt drops the
    decision: the next one decides the batch anew)."""
    return await _until_done(lambda: service.write(decided), len(decided.records))


async def _until_done(attempt_once: Callable[[], Awaitable[Outcome]], count: int) -> Outcome:
    async for attempt in AsyncRetrying(
        retry=retry_if_exception_type(Exception),
        wait=wait_exponential_jitter(initial=0.5, max=20),
        before_sleep=_log_failure(count),
        reraise=True,
    ):
        with attempt:
            outcome = await attempt_once()
    return outcome


async def decide_or_none(service: MatchingService, records: Sequence[Record]) -> Decided | None:
    """The batch decided ahead, or None: handled alone, which also retries what failed here."""
    try:
        return await service.decide(records)
    except Exception as error:  # the service dropped its network; handle() reads it again
        log.warning(
            "could not decide a batch of %d ahead (%r); handling it alone", len(records), error
        )
        return None


class OversizedPoison:
    """Sets aside invalid records too large for the service's dead-letter path.

    The service forwards a poison record whole, with a producer that takes at most 1 MiB per
    request, while the broker stores records up to 2 MiB: a larger invalid record failed there
    on every retry and stalled its partition for good. Here such a record is decoded first (a
    large *valid* event still goes to the service) and, if invalid, dead-lettered once, cut to
    its first 64 KiB with its full size in a header (the whole record stays at its origin).
    """

    def __init__(self, bootstrap_servers: str) -> None:
        self._bootstrap = bootstrap_servers

    async def screen(self, records: Sequence[Record]) -> list[Record]:
        poison: dict[tuple[str, int, int], tuple[Record, str]] = {}
        for r in records:
            if r.value is None or len(r.value) <= MAX_FORWARDED_VALUE:
                continue
            try:
                decode_event(r.value, CONSUMED_TYPES)
            except ContractViolation as violation:
                poison[(r.topic, r.partition, r.offset)] = (r, str(violation))
        if not poison:
            return list(records)
        async for attempt in AsyncRetrying(
            retry=retry_if_exception_type(Exception),
            wait=wait_exponential_jitter(initial=0.5, max=20),
            before_sleep=_log_failure(len(poison)),
            reraise=True,
        ):
            with attempt:
                await self._send(list(poison.values()))
        return [r for r in records if (r.topic, r.partition, r.offset) not in poison]

    async def _send(self, poison: list[tuple[Record, str]]) -> None:
        # Rare enough that a producer per batch of them beats one kept open for the worker.
        producer = AIOKafkaProducer(
            bootstrap_servers=self._bootstrap, acks="all", enable_idempotence=True
        )
        await producer.start()
        try:
            for record, reason in poison:
                origin = origin_of(record.topic, record.partition, record.offset)
                letter = dead_letter(record.key, record.value, reason, origin)
                await producer.send_and_wait(
                    dead_letter_topic(record.topic),
                    letter.value,
                    letter.key,
                    headers=list(letter.headers),
                )
                log.warning(
                    "dead-lettered %s (%d bytes): %s", origin, len(record.value or b""), reason
                )
        finally:
            await producer.stop()


def _note_lag(app: faust.App, records: Sequence[Record]) -> None:
    """The consumer lag of the partitions this batch came from, from faust's high-water marks
    (what the broker's last fetch response said), so no request goes to the broker."""
    next_offsets: dict[tuple[str, int], int] = {}
    for r in records:
        next_offsets[(r.topic, r.partition)] = max(
            next_offsets.get((r.topic, r.partition), 0), r.offset + 1
        )
    ends: dict[tuple[str, int], int] = {}
    for topic, partition in next_offsets:
        try:
            end = app.consumer.highwater(TP(topic, partition))
        except Exception:  # no consumer (yet) or no fetch for it: the lag is not known
            continue
        if isinstance(end, int):
            ends[(topic, partition)] = end
    metrics.record_lag(next_offsets, ends)


def build_worker(
    app_id: str,
    bootstrap_servers: str,
    topics: Sequence[str],
    service: MatchingService,
    batch_size: int,
    batch_window_s: float,
    state_dir: Path,
) -> faust.App:
    state_dir.mkdir(parents=True, exist_ok=True)  # faust makes only the last folder
    app = faust.App(
        app_id,
        broker=broker_url(bootstrap_servers),
        store="memory://",
        # faust keeps a folder per app; without this it lands in the working directory.
        datadir=str(state_dir / "{conf.name}"),
        web_enabled=False,
        autodiscover=False,
        consumer_auto_offset_reset="earliest",
        broker_commit_every=batch_size,
        broker_commit_interval=1.0,
        topic_partitions=3,
        producer_acks=-1,
        # faust's default of 60 s kept the whole group stalled for a minute after a worker was
        # killed (the rebalance waits for the dead member's session to expire); 10 s is what the
        # notifications consumer (aiokafka's default) uses. Heartbeats go every 3 s.
        broker_session_timeout=10.0,
    )
    fetch_promptly(app)
    source = app.topic(*topics, key_serializer="raw", value_serializer="raw")
    worker_started_s = time.time()  # record timestamps are wall-clock seconds too
    oversized = OversizedPoison(bootstrap_servers)

    @app.agent(source, name="graph-builder")
    async def build_graph(stream: faust.StreamT[bytes]) -> None:
        writing: asyncio.Task[None] | None = None  # the batch before, being written

        async def done(
            events: Sequence[faust.EventT[bytes]], started: float, outcome: Outcome
        ) -> None:
            for event in events:  # its offsets may be committed now
                await stream.ack(event)
            metrics.record_batch(len(events), time.perf_counter() - started, outcome)

        async def write(
            decided: Decided, events: Sequence[faust.EventT[bytes]], started: float
        ) -> None:
            await done(events, started, await write_with_retry(service, decided))
            _note_lag(app, decided.records)

        try:
            # noack_take (faust-streaming) yields the events, with their topic/partition/offset,
            # and leaves acknowledging them to this agent.
            async for events in stream.noack_take(batch_size, within=batch_window_s):  # type: ignore[attr-defined]
                records = [
                    Record(
                        e.message.topic,
                        e.message.key,
                        e.message.value,
                        e.message.partition,
                        e.message.offset,
                    )
                    for e in events
                ]
                started = time.perf_counter()
                _note_lag(app, records)  # as of taking the batch, so a stalled batch shows its lag
                received = [
                    # Written before this worker started: a replay, linked to its trace, not
                    # continued.
                    Received(
                        e.message.headers,
                        (e.message.timestamp or 0.0) < worker_started_s,
                        e.message.value,
                    )
                    for e in events
                ]
                with batch_span("matching batch", received):
                    screened = await oversized.screen(records)
                    decided = await decide_or_none(service, screened)
                    if writing is not None:
                        await writing
                        writing = None
                    if decided is None:
                        await done(events, started, await handle_with_retry(service, screened))
                        _note_lag(app, records)
                    else:
                        writing = asyncio.create_task(write(decided, events, started))
                if writing is not None and not writing.done():
                    await asyncio.sleep(0)  # let it send its first query before the next batch
        finally:
            if writing is not None:  # unacknowledged: whoever consumes next handles it again
                writing.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await writing

    return app
