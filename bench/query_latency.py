"""4. Match query: p50/p99 and requests/s of the coordinator API's main query, against the same
Cypher through the raw driver, on a graph grown to the given size."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from livinglab_common.keys import API_KEYS_TOPIC, ApiKeyRecord, Role, hash_secret, new_token
from matching.adapters import queries as q

from bench.harness import BOOTSTRAP, Stage, graph_driver
from bench.stats import percentile
from tests.support.processes import ServiceProcess

REQUESTS = 300


async def _coordinator_key(stage: Stage) -> str:
    key_id, secret, token = new_token()
    record = ApiKeyRecord(
        key_id=key_id,
        secret_hash=hash_secret("local-key-pepper", secret),
        system="bench",
        role=Role.COORDINATOR,
        created_at=datetime.now(UTC),
    )
    producer = AIOKafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            stage.prefix + API_KEYS_TOPIC, record.model_dump_json().encode(), key=key_id.encode()
        )
    finally:
        await producer.stop()
    return token


def _params(subject: str) -> dict[str, Any]:
    return {
        "status": "proposed",
        "kind": None,
        "min_score": 0.0,
        "subject": subject,
        "published": True,
        "regions": None,
        "themes": None,
        "feedback": None,
        "sort": "score",
        "limit": 50,
        "offset": 0,
    }


async def measure(stage: Stage, subjects: list[str]) -> dict[str, Any]:
    token = await _coordinator_key(stage)
    api = ServiceProcess("matching", stage.env(MATCHING_RUN_WORKER="false")).start()
    driver = graph_driver()
    try:
        system: list[float] = []
        raw: list[float] = []
        async with httpx.AsyncClient(
            base_url=api.url, headers={"X-API-Key": token}, timeout=30
        ) as client:
            for i in range(REQUESTS):
                subject = subjects[i % len(subjects)]
                t0 = time.perf_counter()
                response = await client.get(
                    "/v1/matches", params={"initiative": subject, "limit": 50}
                )
                system.append(time.perf_counter() - t0)
                assert response.status_code == 200, response.text
                t0 = time.perf_counter()
                await driver.execute_query(
                    q._LIST_BY_SUBJECT,
                    ns=stage.namespace,
                    routing_="r",
                    **_params(subject),
                )
                raw.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            await asyncio.gather(
                *(
                    client.get("/v1/matches", params={"initiative": subjects[i % len(subjects)]})
                    for i in range(REQUESTS)
                )
            )
            rps = REQUESTS / (time.perf_counter() - t0)
    finally:
        await driver.close()
        api.stop()
    return {
        "requests": REQUESTS,
        "api_ms_p50": round(1000 * percentile(system, 50), 2),
        "api_ms_p99": round(1000 * percentile(system, 99), 2),
        "raw_ms_p50": round(1000 * percentile(raw, 50), 2),
        "raw_ms_p99": round(1000 * percentile(raw, 99), 2),
        "api_vs_raw_p50": round(percentile(system, 50) / percentile(raw, 50), 2),
        "api_rps_concurrent": round(rps, 1),
    }
