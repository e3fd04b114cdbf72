"""The announcer sends each written batch's match events after the batch before's, retries
until they are sent, and on close leaves what it could not send in the outbox."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from matching.adapters.match_store import OutboxRecord
from matching.service_layer.announcer import Announcer
from tenacity import wait_none


def batch(name: str) -> list[OutboxRecord]:
    return [OutboxRecord(f"{name}:{n}", name, b"{}") for n in range(2)]


class Kafka:
    """Records what was sent, in order; the first `failures` attempts fail, and each send
    waits until `open` is set."""

    def __init__(self, failures: int = 0) -> None:
        self.sent: list[str] = []
        self.attempts = 0
        self.failures = failures
        self.open = asyncio.Event()
        self.open.set()

    async def publish(self, records: Sequence[OutboxRecord]) -> None:
        self.attempts += 1
        await self.open.wait()
        if self.attempts <= self.failures:
            raise ConnectionError("broker away")
        self.sent += [r.event_id for r in records]


async def test_batches_go_out_in_the_order_they_were_written() -> None:
    kafka = Kafka()
    kafka.open.clear()  # the first batch is slow to be acknowledged
    announcer = Announcer(kafka.publish, wait=wait_none())
    for name in ("n1", "n2", "n3"):
        announcer.submit(batch(name))
    await asyncio.sleep(0.01)
    assert kafka.sent == [] and kafka.attempts == 1  # the later ones wait for the first
    assert announcer.pending == 3

    kafka.open.set()
    await announcer.drain()

    assert kafka.sent == ["n1:0", "n1:1", "n2:0", "n2:1", "n3:0", "n3:1"]
    assert announcer.pending == 0


async def test_a_failed_send_is_retried_before_anything_after_it() -> None:
    kafka = Kafka(failures=2)
    announcer = Announcer(kafka.publish, wait=wait_none())
    announcer.submit(batch("n1"))
    announcer.submit(batch("n2"))

    await announcer.drain()

    assert kafka.attempts == 4 and kafka.sent == ["n1:0", "n1:1", "n2:0", "n2:1"]


async def test_closing_leaves_what_is_not_sent_and_sends_nothing_out_of_order() -> None:
    kafka = Kafka()
    kafka.open.clear()  # Kafka never answers
    announcer = Announcer(kafka.publish, wait=wait_none())
    announcer.submit(batch("n1"))
    announcer.submit(batch("n2"))

    await announcer.close(timeout_s=0.05)
    kafka.open.set()
    await asyncio.sleep(0.01)

    assert kafka.sent == [] and kafka.attempts == 1 and announcer.pending == 0


async def test_nothing_to_send_is_not_a_batch() -> None:
    announcer = Announcer(Kafka().publish, wait=wait_none())
    announcer.submit([])
    assert announcer.pending == 0
    await announcer.drain()
    await announcer.close(timeout_s=0.01)
