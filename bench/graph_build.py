"""2. Graph build: events/s from pre-filled topics into Neo4j by the matching worker, against the
same partner rows written with the raw driver (one UNWIND per batch, best batch size of a sweep)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from livinglab_contracts import canonical_json, parse_event, spec_for
from neo4j import AsyncGraphDatabase

from bench.harness import BOOTSTRAP, NEO4J, Stage, end_offsets
from bench.stats import process_cpu_seconds, summary
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


async def lag(group: str, topics: list[str]) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    await admin.start()
    try:
        committed = await admin.list_consumer_group_offsets(group)
        done = sum(
            meta.offset for tp, meta in committed.items() if tp.topic in topics and meta.offset >= 0
        )
    finally:
        await admin.close()
    total = sum([await end_offsets(t) for t in topics])
    return total - done


async def worker_rate(events: list[dict[str, Any]]) -> tuple[float, float]:
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
        while await lag(group, topics) > 0:
            await asyncio.sleep(0.1)
        elapsed = time.perf_counter() - started
        cpu = process_cpu_seconds(matching.process.pid) - cpu_before
    finally:
        matching.stop()
    return len(events) / elapsed, cpu / len(events) * 1000


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


async def measure(events_per_run: int = 2000, runs: int = 5) -> dict[str, Any]:
    sweep = {}
    probe = Network(seed=7, tag="sweep").network(events_per_run, max(10, events_per_run // 50))
    for size in (100, 500, 2000):
        sweep[size] = await raw_rate(probe, size)
    best = max(sweep, key=lambda k: sweep[k])
    system, raw, cpu = [], [], []
    for run in range(runs):
        events = Network(seed=run, tag=f"g{run}").network(
            events_per_run, max(10, events_per_run // 50)
        )
        raw.append(await raw_rate(events, best))
        rate, cpu_per_1000 = await worker_rate(events)
        system.append(rate)
        cpu.append(cpu_per_1000)
    return {
        "events_per_run": events_per_run,
        "raw_unwind_sweep_eps": {str(k): round(v) for k, v in sweep.items()},
        "raw_best_batch": best,
        "raw_unwind_eps": summary(raw),
        "worker_eps": summary(system),
        "worker_vs_raw": round(summary(system)["median"] / summary(raw)["median"], 3),
        "worker_cpu_s_per_1000": summary(cpu),
        "note": "worker time includes incremental match scoring and the outbox; offsets are"
        " committed every second, so the figure is a lower bound by up to 1 s per run",
    }
