"""2. Graph build: events/s from pre-filled topics into Neo4j by the matching worker, against two
baselines measured in the same run:
- raw UNWIND: partner rows with their themes written with the raw driver (one UNWIND per batch,
  best batch size of a sweep): what the database can take at best;
- projection: the worker's own projection Cypher (every node, edge, region, sequence guard and
  version stamp the worker writes) for the same events, in batches of the worker's size, with no
  matching, no match rows and no outbox: the price of the graph itself, so the ratio against
  it is what matching and announcing add."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from livinglab_contracts import canonical_json, parse_event, spec_for
from matching.adapters.graph_writer import GraphWriter
from matching.domain.projection import touched_ids, waves
from neo4j import AsyncGraphDatabase

from bench.harness import BOOTSTRAP, NEO4J, Stage
from bench.stats import own_cpu_seconds, process_cpu_seconds, summary
from bench.synthetic import Network
from tests.support.processes import ServiceProcess

RAW_UPSERT = """
UNWIND $rows AS row
MERGE (p:BenchPartner {uid: row.uid})
SET p += row.props
WITH p, row
UNWIND row.themes AS slug
MERGE (t:BenchTheme {uid: row.ns + ':' + slug})
MERGE (p)-[:ABOUT]->(t)
"""


async def prefill(stage: Stage, events: list[dict[str, Any]]) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=BOOTSTRAP, acks="all", enable_idempotence=True, linger_ms=5
    )
    await producer.start()
    try:
        deliveries = []
        for raw in events:
            event = parse_event(raw)
            spec = spec_for(event.type)
            assert spec is not None
            deliveries.append(
                await producer.send(
                    stage.prefix + spec.topic,
                    key=event.subject.encode(),
                    value=canonical_json(event),
                )
            )
        await asyncio.gather(*deliveries)
    finally:
        await producer.stop()


class LagProbe:
    """The worker's consumer lag, polled with one admin client and one consumer for the whole
    run (a fresh pair per poll cost ~60 ms of CPU each time: the yardstick disturbed what it
    measured)."""

    def __init__(self, group: str, topics: list[str]) -> None:
        self._group = group
        self._topics = topics
        self._admin = AIOKafkaAdminClient(bootstrap_servers=BOOTSTRAP)
        self._consumer = AIOKafkaConsumer(bootstrap_servers=BOOTSTRAP)
        self._partitions: list[TopicPartition] = []

    async def __aenter__(self) -> LagProbe:
        await self._admin.start()
        await self._consumer.start()
        await self._consumer._client.force_metadata_update()
        self._partitions = [
            TopicPartition(topic, p)
            for topic in self._topics
            for p in self._consumer.partitions_for_topic(topic) or []
        ]
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._consumer.stop()
        await self._admin.close()

    async def lag(self) -> int:
        committed = await self._admin.list_consumer_group_offsets(self._group)
        done: int = sum(
            meta.offset
            for tp, meta in committed.items()
            if tp.topic in self._topics and meta.offset >= 0
        )
        ends: dict[TopicPartition, int] = await self._consumer.end_offsets(self._partitions)
        return sum(ends.values()) - done


async def worker_rate(events: list[dict[str, Any]]) -> tuple[float, float, float]:
    """The worker is up and idle first; the clock runs from the first produced event to zero lag."""
    stage = Stage.fresh("graph")
    await stage.create_topics()
    topics = [
        stage.prefix + t
        for t in ("registry.initiatives.v1", "registry.partners.v1", "registry.needs-offers.v1")
    ]
    group = stage.prefix + "livinglab-matching"
    matching = ServiceProcess("matching", stage.env()).start()
    try:
        assert matching.process is not None
        cpu_before = process_cpu_seconds(matching.process.pid)
        started = time.perf_counter()
        await prefill(stage, events)
        async with LagProbe(group, topics) as probe:
            probe_cpu = own_cpu_seconds()
            probing = time.perf_counter()
            while await probe.lag() > 0:
                await asyncio.sleep(0.1)
            probe_share = (own_cpu_seconds() - probe_cpu) / (time.perf_counter() - probing)
        elapsed = time.perf_counter() - started
        cpu = process_cpu_seconds(matching.process.pid) - cpu_before
    finally:
        matching.stop()
    return len(events) / elapsed, cpu / len(events) * 1000, probe_share


async def raw_rate(events: list[dict[str, Any]], batch_size: int) -> float:
    ns = Stage.fresh("raw").namespace
    rows = [
        {
            "uid": f"{ns}:{e['subject']}",
            "ns": ns,
            "themes": e["data"].get("themes", []),
            "props": {"name": e["data"].get("name", ""), "kind": e["data"].get("kind", "")},
        }
        for e in events
    ]
    driver = AsyncGraphDatabase.driver(NEO4J[0], auth=NEO4J[1:])
    try:
        await driver.execute_query(
            "CREATE CONSTRAINT bench_partner IF NOT EXISTS FOR (n:BenchPartner) REQUIRE n.uid IS UNIQUE"
        )
        await driver.execute_query(
            "CREATE CONSTRAINT bench_theme IF NOT EXISTS FOR (n:BenchTheme) REQUIRE n.uid IS UNIQUE"
        )
        started = time.perf_counter()
        for i in range(0, len(rows), batch_size):
            await driver.execute_query(RAW_UPSERT, rows=rows[i : i + batch_size])
        return len(rows) / (time.perf_counter() - started)
    finally:
        await driver.close()


async def projection_rate(events: list[dict[str, Any]], batch_size: int = 500) -> float:
    ns = Stage.fresh("projection").namespace
    parsed = [parse_event(e) for e in events]
    driver = AsyncGraphDatabase.driver(NEO4J[0], auth=NEO4J[1:])
    try:
        writer = GraphWriter(driver, "neo4j", ns)
        await writer.ensure_schema()
        started = time.perf_counter()
        for version, i in enumerate(range(0, len(parsed), batch_size), start=1):
            chunk = parsed[i : i + batch_size]
            await writer.write(waves(chunk), touched_ids(chunk), version)
        return len(parsed) / (time.perf_counter() - started)
    finally:
        await driver.close()


async def measure(events_per_run: int = 2000, runs: int = 5) -> dict[str, Any]:
    sweep = {}
    probe = Network(seed=7, tag="sweep").network(events_per_run, max(10, events_per_run // 50))
    for size in (100, 500, 2000):
        sweep[size] = await raw_rate(probe, size)
    best = max(sweep, key=lambda k: sweep[k])
    system, raw, projection, cpu, probing = [], [], [], [], []
    for run in range(runs):
        events = Network(seed=run, tag=f"g{run}").network(
            events_per_run, max(10, events_per_run // 50)
        )
        raw.append(await raw_rate(events, best))
        projection.append(await projection_rate(events))
        rate, cpu_per_1000, probe_share = await worker_rate(events)
        system.append(rate)
        cpu.append(cpu_per_1000)
        probing.append(probe_share)
    return {
        "events_per_run": events_per_run,
        "raw_unwind_sweep_eps": {str(k): round(v) for k, v in sweep.items()},
        "raw_best_batch": best,
        "raw_unwind_eps": summary(raw),
        "worker_eps": summary(system),
        "worker_vs_raw": round(summary(system)["median"] / summary(raw)["median"], 3),
        "projection_eps": summary(projection),
        "worker_vs_projection": round(summary(system)["median"] / summary(projection)["median"], 3),
        "worker_cpu_s_per_1000": summary(cpu),
        "lag_probe_cpu_share_of_one_core": round(max(probing), 4),
        "note": "worker time includes incremental match scoring and the outbox; offsets are"
        " committed every second, so the figure is a lower bound by up to 1 s per run",
    }
