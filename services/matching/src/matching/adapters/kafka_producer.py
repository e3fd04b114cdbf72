"""Idempotent acks=all producer for match events and dead letters."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaConnectionError, KafkaError
from livinglab_contracts.kafka_binding import STRUCTURED_HEADERS

log = logging.getLogger(__name__)


class EventProducer:
    def __init__(self, bootstrap_servers: str) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap_servers,
            acks="all",
            enable_idempotence=True,
            # send_all appends a whole batch of changes before it waits: lingering only delays
            linger_ms=0,
            # An idempotent producer has one request in flight per broker, each with at most one
            # batch per partition: at aiokafka's default of 16 KiB, a batch of 450 changes
            # (~2.5 KB each) took about 25 round trips. Below the broker's 1 MB default limit.
            max_batch_size=512 * 1024,
            request_timeout_ms=15_000,
        )
        self.started = False

    async def start(self) -> None:
        await self._producer.start()
        self.started = True

    async def stop(self) -> None:
        if self.started:
            await self._producer.stop()

    async def ensure_reachable(self, timeout_s: float = 3.0) -> None:
        """Raises KafkaConnectionError unless a broker answers a metadata request in time. A
        request that must not hang (a coordinator's feedback) asks first: once a record is
        handed to the producer, a broker that is away can hold it well past any HTTP timeout,
        and a record given up on by the caller may still be sent later."""
        try:
            await asyncio.wait_for(self._producer.client.fetch_all_metadata(), timeout_s)
        except (KafkaError, OSError, TimeoutError) as error:
            raise KafkaConnectionError(f"no broker answered: {error!r}") from error

    async def send_all(self, topic: str, records: Sequence[tuple[bytes, bytes]]) -> None:
        """Sends CloudEvents (structured mode) in order and waits until the broker acknowledged
        every record."""
        deliveries = [
            await self._producer.send(topic, key=key, value=value, headers=STRUCTURED_HEADERS)
            for key, value in records
        ]
        for delivery in deliveries:
            await delivery

    async def dead_letter(
        self, topic: str, key: bytes | None, value: bytes | None, reason: str, origin: str
    ) -> None:
        headers = [("x-dlq-reason", reason.encode()[:1000]), ("x-dlq-origin", origin.encode())]
        await self._producer.send_and_wait(topic, key=key, value=value, headers=headers)
        log.warning("dead-lettered %s to %s: %s", origin, topic, reason)
