"""Writes records with an idempotent acks=all producer and waits for every acknowledgement."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from notifications.service_layer.ports import OutRecord, WriteUnavailable

log = logging.getLogger(__name__)


class KafkaWriter:
    def __init__(self, bootstrap_servers: str, timeout_s: float = 15.0) -> None:
        self._bootstrap = bootstrap_servers
        self._timeout_s = timeout_s
        self._producer: AIOKafkaProducer | None = None

    async def connect(self) -> None:
        """Keeps trying until the broker answers; the service is not ready before that."""
        while self._producer is None:
            producer = AIOKafkaProducer(
                bootstrap_servers=self._bootstrap,
                acks="all",
                enable_idempotence=True,
                linger_ms=1,
                request_timeout_ms=int(self._timeout_s * 1000),
            )
            try:
                await producer.start()
                self._producer = producer
            except (KafkaError, OSError) as error:
                await producer.stop()
                log.warning("kafka not reachable at %s (%r); retrying", self._bootstrap, error)
                await asyncio.sleep(1.0)

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()

    async def write(self, topic: str, records: Sequence[OutRecord]) -> None:
        if self._producer is None:
            raise WriteUnavailable("not connected to kafka yet")
        try:
            deliveries = [
                await self._producer.send(
                    topic, value=r.value, key=r.key, headers=list(r.headers) or None
                )
                for r in records
            ]
            await asyncio.wait_for(asyncio.gather(*deliveries), self._timeout_s)
        except (KafkaError, OSError, TimeoutError) as error:
            raise WriteUnavailable(f"kafka did not acknowledge: {error!r}") from error

    async def problem(self) -> str | None:
        if self._producer is None:
            return "not connected to kafka"
        try:
            await asyncio.wait_for(self._producer.client.fetch_all_metadata(), 3.0)
        except (KafkaError, OSError, TimeoutError) as error:
            return f"kafka unreachable: {error!r}"
        return None
