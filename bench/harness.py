"""Shared set-up for the benchmarks: isolated topics, service processes, API keys."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass

import httpx
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from neo4j import AsyncDriver, AsyncGraphDatabase, NotificationDisabledCategory

from bench.stats import local_server_pids, process_cpu_seconds
from scripts.create_topics import create_all
from tests.support.cleanup import delete_namespaces, delete_topics
from tests.support.processes import ServiceProcess

BOOTSTRAP = "127.0.0.1:9092"
NEO4J = ("bolt://127.0.0.1:7687", "neo4j", "livinglab-dev")


def graph_driver() -> AsyncDriver:
    """The bench's own Neo4j driver. Like the services' drivers, it leaves out notifications
    about labels and property keys the database has not seen yet: its raw baselines run the
    services' queries, on a fresh database too, where each one logged a warning with the
    whole query (963 lines in one `make bench`)."""
    return AsyncGraphDatabase.driver(
        NEO4J[0],
        auth=NEO4J[1:],
        notifications_disabled_categories=[NotificationDisabledCategory.UNRECOGNIZED],
    )


ADMIN = {"Authorization": "Bearer local-admin-token"}


# Every topic and graph namespace of one `python -m bench` starts with this.
RUN_PREFIX = f"bench-{uuid.uuid4().hex[:6]}-"


@dataclass
class Stage:
    prefix: str
    namespace: str

    @classmethod
    def fresh(cls, name: str) -> Stage:
        run = uuid.uuid4().hex[:6]
        return cls(prefix=f"{RUN_PREFIX}{name}-{run}.", namespace=f"{RUN_PREFIX}{name}-{run}")

    def env(self, **extra: str) -> dict[str, str]:
        return {
            "TOPIC_PREFIX": self.prefix,
            "GRAPH_NAMESPACE": self.namespace,
            "KAFKA_BOOTSTRAP_SERVERS": BOOTSTRAP,
            "LOG_LEVEL": "WARNING",
            **extra,
        }

    async def create_topics(self) -> None:
        await create_all(BOOTSTRAP, self.prefix)


async def delete_run_data() -> str:
    """Deletes the topics and graph namespaces this run made (tests/support/cleanup.py)."""
    topics = await delete_topics(BOOTSTRAP, RUN_PREFIX)
    nodes = await asyncio.to_thread(delete_namespaces, *NEO4J, RUN_PREFIX)
    return f"deleted this run's {topics} Kafka topics and {nodes} graph nodes ({RUN_PREFIX}*)"


async def until_servers_idle(limit_s: float = 90.0, share: float = 0.05) -> float:
    """Waits until the local Kafka broker and Neo4j server use less than `share` of a core over
    two seconds running, or `limit_s` passed, and returns the seconds waited: a step then starts
    on servers that have finished digesting the step before (deleting its topics' files,
    checkpointing its writes, collecting its garbage)."""
    pids = local_server_pids()
    started = time.perf_counter()
    quiet = 0
    while pids and quiet < 2 and time.perf_counter() - started < limit_s:
        before = sum(process_cpu_seconds(pid) for pid in pids.values())
        await asyncio.sleep(1.0)
        used = sum(process_cpu_seconds(pid) for pid in pids.values()) - before
        quiet = quiet + 1 if used < share else 0
    return round(time.perf_counter() - started, 1)


def issue_key(registry: ServiceProcess, body: dict[str, object]) -> str:
    response = httpx.post(f"{registry.url}/v1/admin/keys", json=body, headers=ADMIN, timeout=30)
    response.raise_for_status()
    token: str = response.json()["token"]
    return token


async def end_offsets(topic: str) -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=BOOTSTRAP)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
        if not partitions:
            await consumer._client.force_metadata_update()
            partitions = [
                TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []
            ]
        offsets = await consumer.end_offsets(partitions)
        return sum(offsets.values())
    finally:
        await consumer.stop()


async def read_all(topic: str) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record on the topic up to its end offsets as of now."""
    consumer = AIOKafkaConsumer(bootstrap_servers=BOOTSTRAP, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        found: list[ConsumerRecord[bytes, bytes]] = []
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            batches = await consumer.getmany(timeout_ms=1000, max_records=5000)
            for records in batches.values():
                found += records
        return found
    finally:
        await consumer.stop()


def run(coro: object) -> object:
    return asyncio.get_event_loop().run_until_complete(coro)  # type: ignore[arg-type]
