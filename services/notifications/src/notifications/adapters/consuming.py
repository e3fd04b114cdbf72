"""How the service's consumers read Kafka: committed records only, offsets committed by hand
after the batch is durable, and a consumer that is started again after any failure."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaError

log = logging.getLogger(__name__)


def committed_reader(bootstrap_servers: str, group_id: str) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        fetch_max_wait_ms=100,
        isolation_level="read_committed",
    )


async def restart_on_failure(name: str, consume: Callable[[], Awaitable[None]]) -> None:
    """Runs `consume` again after any failure. Anything but a restart would end the task for
    good while /ready still says ready and nothing is delivered any more; the batch that failed
    was not committed, so it is read again."""
    while True:
        try:
            await consume()
        except asyncio.CancelledError:
            raise
        except (KafkaError, OSError) as error:
            log.warning("%s: kafka unavailable (%r); restarting", name, error)
            await asyncio.sleep(1.0)
        except Exception:
            log.exception("%s failed; restarting from the committed offsets", name)
            await asyncio.sleep(1.0)
