"""End-to-end latency: match event produced to Kafka -> signed webhook received.

    .venv/bin/python -m bench.webhook_latency [events] [per_second]

Runs the service as a process on fresh topics, with a real HTTP receiver in this process, and
measures beside it a raw baseline (the same records read by a plain aiokafka consumer), so the
cost the service adds over Kafka itself is visible. Prints one JSON summary.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
import uuid
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from livinglab_common.keys import Role
from livinglab_contracts import MATCHES_TOPIC

from bench.harness import BOOTSTRAP
from scripts.create_topics import create_all
from tests.integration.notifications.kafka_io import issue_key, match_event, produce
from tests.integration.notifications.receivers import WebhookReceiver
from tests.support.processes import ServiceProcess


def summary(latencies_ms: list[float]) -> dict[str, float]:
    ordered = sorted(latencies_ms)
    cuts = statistics.quantiles(ordered, n=100)
    return {
        "n": len(ordered),
        "p50_ms": round(cuts[49], 1),
        "p90_ms": round(cuts[89], 1),
        "p99_ms": round(cuts[98], 1),
        "max_ms": round(ordered[-1], 1),
    }


def _ms(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso).timestamp() * 1000


def breakdown(deliveries: list[dict[str, Any]], sent: dict[str, float]) -> dict[str, float]:
    """Where the time goes, from the ledger's own timestamps (median of each stage)."""
    by_event = {d["event_id"]: d for d in deliveries if d["attempts"]}
    rows = [(sent[i] * 1000, by_event[i]) for i in sent if i in by_event]
    stages = {
        "sent_to_planned": [_ms(d["created_at"]) - t for t, d in rows],
        "planned_to_attempt": [_ms(d["attempts"][0]["at"]) - _ms(d["created_at"]) for _, d in rows],
        "http": [d["attempts"][0]["duration_ms"] for _, d in rows],
        "attempt_end_to_finished": [
            _ms(d["finished_at"]) - _ms(d["attempts"][-1]["at"]) - d["attempts"][-1]["duration_ms"]
            for _, d in rows
        ],
    }
    return {name: round(statistics.median(values), 1) for name, values in stages.items()}


async def raw_baseline(topic: str, seen: dict[str, float], stop: asyncio.Event) -> None:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=BOOTSTRAP, fetch_max_wait_ms=100)
    await consumer.start()
    try:
        while not stop.is_set():
            for records in (await consumer.getmany(timeout_ms=100)).values():
                for record in records:
                    seen[json.loads(record.value)["id"]] = time.time()
    finally:
        await consumer.stop()


async def main(events: int, per_second: float) -> None:
    prefix = f"bench-notify-{uuid.uuid4().hex[:6]}."
    await create_all(BOOTSTRAP, prefix)
    producer = AIOKafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all", linger_ms=0)
    receiver = WebhookReceiver()
    await producer.start()
    await receiver.start()
    token = await issue_key(producer, prefix, "bench", Role.COORDINATOR)
    env = {
        "TOPIC_PREFIX": prefix,
        "KAFKA_BOOTSTRAP_SERVERS": BOOTSTRAP,
        "LOG_LEVEL": "WARNING",
        "NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS": "true",
    }
    service = ServiceProcess("notifications", env, name="bench-notifications")
    await asyncio.to_thread(service.start, 60)
    consumed: dict[str, float] = {}
    stop = asyncio.Event()
    baseline = asyncio.create_task(raw_baseline(prefix + MATCHES_TOPIC, consumed, stop))
    try:
        subject = f"bench-{uuid.uuid4().hex[:8]}"
        async with httpx.AsyncClient(base_url=service.url, headers={"X-API-Key": token}) as api:
            answer = await api.post(
                "/v1/subscriptions",
                json={
                    "filters": {"subject_ids": [subject]},
                    "webhook": {"url": (hook := receiver.hook())},
                },
            )
            answer.raise_for_status()
        warmup = [
            match_event(match_id=str(uuid.uuid4()), subject_ids=[subject, "x"]) for _ in range(20)
        ]
        for event in warmup:
            await produce(producer, prefix, event)
        await receiver.wait_for(hook, len(warmup))

        sent: dict[str, float] = {}
        started = time.monotonic()
        for n in range(events):
            await asyncio.sleep(max(0.0, started + n / per_second - time.monotonic()))
            event = match_event(match_id=str(uuid.uuid4()), subject_ids=[subject, "x"])
            sent[event["id"]] = await produce(producer, prefix, event)
        await receiver.wait_for(hook, len(warmup) + events)
        arrived = {json.loads(r.body)["id"]: r.at for r in receiver.at(hook)}
        webhook = [(arrived[i] - t) * 1000 for i, t in sent.items() if i in arrived]
        raw = [(consumed[i] - t) * 1000 for i, t in sent.items() if i in consumed]
        async with httpx.AsyncClient(base_url=service.url, headers={"X-API-Key": token}) as api:
            page = await api.get(
                f"/v1/subscriptions/{answer.json()['subscription_id']}/deliveries",
                params={"channel": "webhook", "limit": 500},
            )
        stages = breakdown(page.json()["items"], sent)
        result = {
            "events": events,
            "rate_per_s": per_second,
            "webhook_received": summary(webhook),
            "raw_kafka_consumed": summary(raw),
            "duplicates": len(receiver.at(hook)) - len(arrived),
            "stages_p50_ms": stages,
        }
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    finally:
        stop.set()
        await baseline
        await asyncio.to_thread(service.stop)
        await receiver.stop()
        await producer.stop()


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rate = float(sys.argv[2]) if len(sys.argv) > 2 else 50.0
    asyncio.run(main(count, rate))
