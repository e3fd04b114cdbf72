"""Matching deployments as real processes: a namespace, a consumer group and its workers."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from livinglab_contracts import FEEDBACK_TOPIC, REGISTRY_TOPICS

from tests.support.processes import ServiceProcess
from tests.support.system import stack_env

PARTITIONS = 3
IDLE_TIMEOUT_S = 60.0


@dataclass
class Deployment:
    """One logical matching deployment: a namespace, a consumer group and its processes."""

    label: str
    namespace: str
    group: str
    processes: list[ServiceProcess] = field(default_factory=list)


def consumed_partitions(prefix: str) -> list[TopicPartition]:
    topics = [prefix + t for t in (*REGISTRY_TOPICS, FEEDBACK_TOPIC)]
    return [TopicPartition(t, p) for t in topics for p in range(PARTITIONS)]


async def wait_idle(
    bootstrap: str, prefix: str, *deployments: Deployment
) -> dict[TopicPartition, int]:
    """Until every deployment's group has committed up to the end of every consumed partition
    (the worker commits only after a batch is written, re-scored and announced)."""
    partitions = consumed_partitions(prefix)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await admin.start()
    await consumer.start()
    try:
        deadline = time.monotonic() + IDLE_TIMEOUT_S
        lagging: dict[str, Any] = {}
        while time.monotonic() < deadline:
            ends = await consumer.end_offsets(partitions)
            lagging = {}
            for d in deployments:
                committed = await admin.list_consumer_group_offsets(prefix + d.group)
                behind = {
                    f"{tp.topic}/{tp.partition}": (
                        committed[tp].offset if tp in committed else -1,
                        end,
                    )
                    for tp, end in ends.items()
                    if end > 0 and (tp not in committed or committed[tp].offset < end)
                }
                if behind:
                    lagging[d.label] = behind
            if not lagging:
                return ends
            await asyncio.sleep(0.3)
        logs = "\n".join(p.tail(20) for d in deployments for p in d.processes)
        raise AssertionError(f"not idle after {IDLE_TIMEOUT_S}s: {lagging}\n{logs}")
    finally:
        await consumer.stop()
        await admin.close()


def deployment(label: str, graph_namespace: str, workers: int) -> Deployment:
    tag = uuid.uuid4().hex[:6]
    return Deployment(
        label,
        f"{graph_namespace}-{label}-{tag}",
        f"matching-{label}-{tag}",
        [ServiceProcess("matching", {}, name=f"matching-{label}{n}") for n in range(workers)],
    )


async def start(prefix: str, bootstrap: str, *deployments: Deployment) -> None:
    for d in deployments:
        for process in d.processes:
            process.env = stack_env(prefix, d.namespace, bootstrap, MATCHING_CONSUMER_GROUP=d.group)
    await asyncio.gather(*(asyncio.to_thread(p.start) for d in deployments for p in d.processes))
