"""The faust worker: consumes the registry topics and coordinator feedback in batches.

Offsets are committed only after a batch is fully handled (graph written, changes stored in the
outbox): while Neo4j or Kafka is down the batch is retried with backoff instead of skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import faust
from aiokafka.errors import KafkaError
from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError
from tenacity import AsyncRetrying, retry_if_exception_type, wait_exponential_jitter

from matching.service_layer.handlers import MatchingService, Record

log = logging.getLogger(__name__)
RETRYABLE = (ServiceUnavailable, SessionExpired, TransientError, KafkaError, OSError, TimeoutError)


def broker_url(bootstrap_servers: str) -> str:
    return ";".join(f"kafka://{server.strip()}" for server in bootstrap_servers.split(","))


async def handle_with_retry(service: MatchingService, records: Sequence[Record]) -> None:
    async for attempt in AsyncRetrying(
        retry=retry_if_exception_type(RETRYABLE),
        wait=wait_exponential_jitter(initial=0.5, max=20),
        before_sleep=lambda state: log.warning(
            "batch of %d failed (%r); retrying",
            len(records),
            state.outcome and state.outcome.exception(),
        ),
        reraise=True,
    ):
        with attempt:
            await service.handle(records)


def build_worker(
    app_id: str,
    bootstrap_servers: str,
    topics: Sequence[str],
    service: MatchingService,
    batch_size: int,
    batch_window_s: float,
) -> faust.App:
    app = faust.App(
        app_id,
        broker=broker_url(bootstrap_servers),
        store="memory://",
        web_enabled=False,
        autodiscover=False,
        consumer_auto_offset_reset="earliest",
        broker_commit_every=batch_size,
        broker_commit_interval=1.0,
        topic_partitions=3,
        producer_acks=-1,
    )
    source = app.topic(*topics, key_serializer="raw", value_serializer="raw")

    @app.agent(source, name="graph-builder")
    async def build_graph(stream: faust.StreamT[bytes]) -> None:
        # take_events (faust-streaming >= 0.10) keeps each record's topic/partition/offset.
        async for events in stream.take_events(batch_size, within=batch_window_s):  # type: ignore[attr-defined]
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
            await handle_with_retry(service, records)

    return app
