"""1. Ingest: events/s accepted by POST /v1/events and /v1/events:batch, counted on the topic,
against a raw aiokafka idempotent acks=all producer sending the same payloads, and against the
same producer running the contract's validation (parse_event + canonical_json) per event: the
work the registry cannot skip, without HTTP, keys, admission or the view."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
import httpx
import orjson
from aiokafka import AIOKafkaProducer
from livinglab_contracts import PARTNERS_TOPIC, canonical_json, parse_event

from bench.harness import BOOTSTRAP, Stage, end_offsets, issue_key
from bench.stats import process_cpu_seconds, summary
from bench.synthetic import Network
from tests.support.processes import ServiceProcess

CONCURRENCY = 32
BATCH = 500


def _events(tag: str, count: int) -> list[dict[str, Any]]:
    network = Network(seed=hash(tag) & 0xFFFF, tag=tag)
    return [network.partner(i) for i in range(count)]


async def raw_producer(topic: str, events: list[dict[str, Any]]) -> float:
    payloads = [(e["subject"].encode(), canonical_json(parse_event(e))) for e in events]
    producer = AIOKafkaProducer(
        bootstrap_servers=BOOTSTRAP, acks="all", enable_idempotence=True, linger_ms=2
    )
    await producer.start()
    try:
        started = time.perf_counter()
        deliveries = [await producer.send(topic, key=k, value=v) for k, v in payloads]
        await asyncio.gather(*deliveries)
        return len(events) / (time.perf_counter() - started)
    finally:
        await producer.stop()


async def raw_producer_validating(topic: str, events: list[dict[str, Any]]) -> float:
    producer = AIOKafkaProducer(
        bootstrap_servers=BOOTSTRAP, acks="all", enable_idempotence=True, linger_ms=2
    )
    await producer.start()
    try:
        started = time.perf_counter()
        deliveries = []
        for event in events:
            value = canonical_json(parse_event(event))
            deliveries.append(
                await producer.send(topic, key=event["subject"].encode(), value=value)
            )
        await asyncio.gather(*deliveries)
        return len(events) / (time.perf_counter() - started)
    finally:
        await producer.stop()


async def single_posts(url: str, key: str, events: list[dict[str, Any]]) -> float:
    """aiohttp, not httpx: the load generator must not be the bottleneck on a 2-core box."""
    bodies = [orjson.dumps(e) for e in events]
    headers = {"X-API-Key": key, "content-type": "application/json"}
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(base_url=url, headers=headers, connector=connector) as session:

        async def worker(offset: int) -> None:
            for body in bodies[offset::CONCURRENCY]:
                async with session.post("/v1/events", data=body) as response:
                    assert response.status == 202, await response.text()

        started = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(CONCURRENCY)))
        return len(events) / (time.perf_counter() - started)


async def batch_posts(url: str, key: str, events: list[dict[str, Any]]) -> float:
    batches = [orjson.dumps(events[i : i + BATCH]) for i in range(0, len(events), BATCH)]
    async with httpx.AsyncClient(
        base_url=url, headers={"X-API-Key": key, "content-type": "application/json"}, timeout=120
    ) as client:

        async def send(body: bytes) -> None:
            response = await client.post("/v1/events:batch", content=body)
            assert response.status_code == 200 and response.json()["refused"] == 0, response.text[
                :500
            ]

        started = time.perf_counter()
        await asyncio.gather(*(send(b) for b in batches))
        return len(events) / (time.perf_counter() - started)


async def measure(events_per_run: int = 3000, runs: int = 5) -> dict[str, Any]:
    stage = Stage.fresh("ingest")
    await stage.create_topics()
    registry = ServiceProcess(
        "registry",
        stage.env(REGISTRY_RATE_LIMIT_PER_MINUTE="100000000", REGISTRY_MAX_BATCH_ITEMS=str(BATCH)),
    ).start()
    try:
        key = issue_key(registry, {"system": "bench", "sources": ["/systems/bench"]})
        topic = stage.prefix + PARTNERS_TOPIC
        raw_topic = (
            stage.prefix + "registry.initiatives.v1"
        )  # an existing topic with the same layout
        results: dict[str, list[float]] = {
            "raw": [],
            "raw_validating": [],
            "single": [],
            "batch": [],
        }
        cpu: dict[str, list[float]] = {"single": [], "batch": []}
        for run in range(runs):
            results["raw"].append(await raw_producer(raw_topic, _events(f"r{run}", events_per_run)))
            results["raw_validating"].append(
                await raw_producer_validating(raw_topic, _events(f"v{run}", events_per_run))
            )
            for mode, post in (("single", single_posts), ("batch", batch_posts)):
                before_offsets = await end_offsets(topic)
                assert registry.process is not None
                before_cpu = process_cpu_seconds(registry.process.pid)
                rate = await post(registry.url, key, _events(f"{mode}{run}", events_per_run))
                cpu[mode].append(
                    (process_cpu_seconds(registry.process.pid) - before_cpu) / events_per_run * 1000
                )
                confirmed = await end_offsets(topic) - before_offsets
                assert confirmed == events_per_run, (
                    f"{mode}: {confirmed} on the topic, expected {events_per_run}"
                )
                results[mode].append(rate)
    finally:
        registry.stop()
    raw, validating = summary(results["raw"]), summary(results["raw_validating"])
    single, batch = summary(results["single"]), summary(results["batch"])
    return {
        "events_per_run": events_per_run,
        "raw_producer_eps": raw,
        "raw_producer_validating_eps": validating,
        "single_post_eps": single,
        "batch_post_eps": batch,
        "single_vs_raw": round(single["median"] / raw["median"], 3),
        "batch_vs_raw": round(batch["median"] / raw["median"], 3),
        "single_vs_raw_validating": round(single["median"] / validating["median"], 3),
        "batch_vs_raw_validating": round(batch["median"] / validating["median"], 3),
        "registry_cpu_s_per_1000": {k: summary(v) for k, v in cpu.items()},
        # The same figure per event, in microseconds (utime + stime of the registry process).
        "registry_cpu_us_per_event": {
            k: round(summary(v)["median"] * 1000, 1) for k, v in cpu.items()
        },
        "concurrency": CONCURRENCY,
        "batch_size": BATCH,
    }
