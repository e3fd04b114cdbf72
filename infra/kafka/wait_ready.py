"""Waits until the broker accepts an acknowledged produce; exits non-zero after the deadline."""

import asyncio
import logging
import sys
import time

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

HEALTH_TOPIC = "_livinglab.health"


async def produce_once(bootstrap: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(HEALTH_TOPIC, 1, 1)])
    except TopicAlreadyExistsError:
        pass
    finally:
        await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", request_timeout_ms=5000)
    await producer.start()
    try:
        await producer.send_and_wait(HEALTH_TOPIC, b"ping")
    finally:
        await producer.stop()


async def main(bootstrap: str, deadline_s: float) -> int:
    deadline = time.monotonic() + deadline_s
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            await asyncio.wait_for(produce_once(bootstrap), timeout=15)
            return 0
        except (TimeoutError, KafkaError, OSError) as error:
            last_error = error
            await asyncio.sleep(0.5)
    message = f"kafka at {bootstrap} not ready after {deadline_s:.0f}s: {last_error!r}"
    print(message, file=sys.stderr)
    return 1


if __name__ == "__main__":
    logging.basicConfig(level=logging.CRITICAL)  # connection-refused noise while the broker boots
    target = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:9092"
    sys.exit(asyncio.run(main(target, float(sys.argv[2]) if len(sys.argv) > 2 else 90.0)))
