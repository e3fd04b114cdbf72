"""A new admitter reads the labelling topic to its end before it admits (issue 19), against the
real Kafka: the catch-up the registry runs when it gains the admission lease does not return
while a labelling step on the topic is unread, and returns once the labelling follower has read
it. Without the labelling topic in the catch-up, a new admitter could check a step (a second
score, a decision) against an older read model."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime

from aiokafka import AIOKafkaProducer
from livinglab_contracts.labelling import (
    LABELLING_RECORD_KEY,
    LABELLING_TOPIC,
    WaveOpened,
    labelling_record,
)
from registry.bootstrap import build_registry
from registry.config import Settings


async def test_the_catch_up_waits_for_the_labelling_topic(
    registry_topics: str, kafka_bootstrap: str
) -> None:
    settings = Settings(topic_prefix=registry_topics, kafka_bootstrap_servers=kafka_bootstrap)
    registry = build_registry(settings)
    wave_id = f"wave-catch-up-{uuid.uuid4().hex[:8]}"
    step = WaveOpened(wave_id=wave_id, year=2026, deadline=date(2099, 1, 1), opened_by="c-1")
    value = labelling_record(step, datetime.now(UTC), "c-1").model_dump_json().encode()
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            registry_topics + LABELLING_TOPIC, value, key=LABELLING_RECORD_KEY
        )
    finally:
        await producer.stop()

    (labelling_follower,) = [f for f in registry.followers if f.name == "labelling"]
    catching_up = asyncio.create_task(registry.lease._catch_up())
    try:
        # The registry topics' followers are not running either, but hold nothing unread only
        # if no other test wrote there; so start them, and leave only labelling unread.
        for follower in registry.followers:
            if follower is not labelling_follower:
                follower.start()
        await asyncio.sleep(3.0)
        assert not catching_up.done(), "caught up without reading the labelling topic"
        labelling_follower.start()
        await asyncio.wait_for(catching_up, 30)
        assert wave_id in registry.labelling.book.waves
    finally:
        catching_up.cancel()
        for follower in registry.followers:
            await follower.stop()
