"""Publishes events with an idempotent, acks=all producer and reports where each one landed.

The producer connects in the background, so the registry starts (and answers 503 with
Retry-After) while the broker is still down, and recovers by itself when it comes back.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Protocol

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from aiokafka.structs import RecordMetadata

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Position:
    topic: str
    partition: int
    offset: int


class PublishUnavailable(Exception):
    """Kafka did not acknowledge in time; nothing may be reported as accepted.

    `pending` is the delivery still in flight, if the record reached the producer's buffer: it may
    yet land, so a retry of the same event must wait for it instead of sending a second copy.
    """

    def __init__(self, message: str, pending: asyncio.Future[Position] | None = None) -> None:
        super().__init__(message)
        self.pending = pending


class Publisher(Protocol):
    async def publish(self, topic: str, key: bytes, value: bytes) -> Position: ...

    async def problem(self) -> str | None: ...


class KafkaPublisher:
    def __init__(self, bootstrap_servers: str, timeout_s: float) -> None:
        self._bootstrap = bootstrap_servers
        self._timeout_s = timeout_s
        self._producer: AIOKafkaProducer | None = None
        self._connector: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._connector = asyncio.create_task(self._connect_until_up(), name="kafka-publisher")

    async def stop(self) -> None:
        if self._connector:
            self._connector.cancel()
            await asyncio.gather(self._connector, return_exceptions=True)
        if self._producer:
            await self._producer.stop()

    async def _connect_until_up(self) -> None:
        while self._producer is None:
            producer = AIOKafkaProducer(
                bootstrap_servers=self._bootstrap,
                acks="all",
                enable_idempotence=True,
                linger_ms=2,
                request_timeout_ms=int(self._timeout_s * 1000),
                max_request_size=2_097_152,
            )
            try:
                await producer.start()
                self._producer = producer
                log.info("connected to kafka at %s", self._bootstrap)
            except (KafkaError, OSError) as error:
                await producer.stop()
                log.warning("kafka not reachable at %s (%r); retrying", self._bootstrap, error)
                await asyncio.sleep(1.0)

    async def publish(self, topic: str, key: bytes, value: bytes) -> Position:
        if self._producer is None:
            raise PublishUnavailable("not connected to kafka yet")
        try:
            delivery = await asyncio.wait_for(
                self._producer.send(topic, value=value, key=key), self._timeout_s
            )
        except (KafkaError, OSError, TimeoutError) as error:
            raise PublishUnavailable(f"kafka did not take the event: {error!r}") from error
        position = asyncio.ensure_future(_position_of(delivery))
        try:
            return await asyncio.wait_for(asyncio.shield(position), self._timeout_s)
        except (KafkaError, OSError, TimeoutError) as error:
            raise PublishUnavailable(f"kafka did not acknowledge: {error!r}", position) from error

    async def problem(self) -> str | None:
        if self._producer is None:
            return "not connected to kafka"
        try:
            await asyncio.wait_for(self._producer.client.fetch_all_metadata(), 3.0)
        except (KafkaError, OSError, TimeoutError) as error:
            return f"kafka unreachable: {error!r}"
        return None


async def _position_of(delivery: asyncio.Future[RecordMetadata]) -> Position:
    metadata = await delivery
    return Position(metadata.topic, metadata.partition, metadata.offset)
