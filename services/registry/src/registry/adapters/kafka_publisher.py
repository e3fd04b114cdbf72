"""Publishes events with an idempotent, acks=all producer and reports where each one landed.

The producer connects in the background, so the registry starts (and answers 503 with
Retry-After) while the broker is still down, and recovers by itself when it comes back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from aiokafka.structs import RecordMetadata
from livinglab_contracts.kafka_binding import STRUCTURED_HEADERS

log = logging.getLogger(__name__)

Outgoing = tuple[str, bytes, bytes]  # topic, key, value


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


Outcome = Position | PublishUnavailable


class Publisher(Protocol):
    async def publish(self, topic: str, key: bytes, value: bytes) -> Position: ...

    async def publish_all(self, records: Sequence[Outgoing]) -> list[Outcome]: ...

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
        """One record that is not an event (an API key record)."""
        [outcome] = await self._send_all([(topic, key, value)], None)
        if isinstance(outcome, PublishUnavailable):
            raise outcome
        return outcome

    async def publish_all(self, records: Sequence[Outgoing]) -> list[Outcome]:
        """Events, as structured CloudEvents records (livinglab_contracts.kafka_binding)."""
        return await self._send_all(records, STRUCTURED_HEADERS)

    async def _send_all(
        self, records: Sequence[Outgoing], headers: list[tuple[str, bytes]] | None
    ) -> list[Outcome]:
        """Hands every record to the producer, then waits once for all acknowledgements; one
        timeout covers both. Records keep their order per partition (idempotent producer)."""
        if self._producer is None:
            return [PublishUnavailable("not connected to kafka yet") for _ in records]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout_s
        deliveries: list[asyncio.Future[RecordMetadata]] = []
        refused: PublishUnavailable | None = None
        try:
            async with asyncio.timeout_at(deadline):
                for topic, key, value in records:
                    deliveries.append(
                        await self._producer.send(topic, value=value, key=key, headers=headers)
                    )
        except (KafkaError, OSError, TimeoutError) as error:
            # What follows may be about the same aggregate; none of it is sent after a gap.
            refused = PublishUnavailable(f"kafka did not take the event: {error!r}")
        if deliveries:
            await asyncio.wait(deliveries, timeout=max(0.0, deadline - loop.time()))
        outcomes = [_outcome(delivery) for delivery in deliveries]
        return outcomes + [refused or PublishUnavailable("not sent")] * (
            len(records) - len(deliveries)
        )

    async def problem(self) -> str | None:
        if self._producer is None:
            return "not connected to kafka"
        try:
            await asyncio.wait_for(self._producer.client.fetch_all_metadata(), 3.0)
        except (KafkaError, OSError, TimeoutError) as error:
            return f"kafka unreachable: {error!r}"
        return None


def _outcome(delivery: asyncio.Future[RecordMetadata]) -> Outcome:
    if not delivery.done():
        return PublishUnavailable("kafka did not acknowledge in time", _position_later(delivery))
    error = delivery.exception() if not delivery.cancelled() else KafkaError("cancelled")
    if error is not None:
        return PublishUnavailable(f"kafka did not acknowledge: {error!r}")
    metadata = delivery.result()
    return Position(metadata.topic, metadata.partition, metadata.offset)


def _position_later(delivery: asyncio.Future[RecordMetadata]) -> asyncio.Future[Position]:
    """The position of a delivery still in flight, for a retry that must wait for it."""
    position: asyncio.Future[Position] = asyncio.get_running_loop().create_future()

    def landed(done: asyncio.Future[RecordMetadata]) -> None:
        if position.done():
            return
        outcome = _outcome(done)
        if isinstance(outcome, Position):
            position.set_result(outcome)
        else:
            position.set_exception(outcome)

    delivery.add_done_callback(landed)
    return position
