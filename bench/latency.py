"""3. End-to-end latency: POST /v1/events to signed webhook received, at a fixed offered rate
(open loop: sends are scheduled by the clock, not by replies, so latency is not under-reported),
next to the sum of per-hop floors measured raw in the same run.

Every event is a probe: a new partner that fits the one hub initiative, with an id that sorts
before every earlier one, so it always enters the hub's k best (ties rank by id) and pushes the
last one out: each event leads to one match.proposed (and one withdrawal). The hub proposes its
PROPOSED_AT_HUB best, not the default 10: with 10, a batch that took more than 10 probes (after
a stall of 0.1 s) proposed only 10 of them, and the others, the probes of the slowest moments,
never arrived and were left out of the percentiles.
The matching worker's consumer lag is sampled through the run: the worker keeps up when it
stays bounded and ends at zero. The clock starts once WARM_UP probes have arrived end to end."""

from __future__ import annotations

import asyncio
import gc
import time
import uuid
from typing import Any

import aiohttp
import orjson
from aiohttp import web
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from bench.graph_build import LagProbe
from bench.harness import BOOTSTRAP, Stage, graph_driver, issue_key, read_all
from bench.stats import percentile
from tests.support.processes import ServiceProcess, free_port

RATE = 100  # offered events per second
SECONDS = 20
# Probes sent and delivered before the clock starts: a service just started still joins its
# consumer group when it says it is ready, and the first events waited for that (up to ~0.7 s
# on 2026-12-06), which alone set the p99 of a run. The figures are of a running system.
WARM_UP = 20
# Probes a batch can take without losing one (the hub proposes this many; the setting's maximum).
PROPOSED_AT_HUB = 100
SOURCE = "/systems/bench"


def _event(
    event_type: str, subject: str, data: dict[str, Any], sequence: int = 1
) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": SOURCE,
        "type": f"nl.livinglab.{event_type}.v1",
        "time": "2026-01-01T00:00:00+00:00",
        "subject": subject,
        "sequence": sequence,
        "data": data,
    }


class Receiver:
    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.arrived_at: dict[str, float] = {}  # wall clock, to compare with Kafka timestamps
        self.port = free_port()
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self._hook)
        app.router.add_route("OPTIONS", "/hook", self._handshake)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    async def _handshake(self, request: web.Request) -> web.Response:
        """The CloudEvents webhook validation: this endpoint accepts deliveries."""
        origin = request.headers.get("WebHook-Request-Origin", "*")
        return web.Response(status=200, headers={"WebHook-Allowed-Origin": origin})

    async def _hook(self, request: web.Request) -> web.Response:
        body = orjson.loads(await request.read())
        if body.get("type", "").endswith("match.proposed.v1"):
            for subject in body["data"]["subject_ids"]:
                self.arrived.setdefault(subject, time.perf_counter())
                self.arrived_at.setdefault(subject, time.time())
        return web.Response(status=204)


async def _floors(stage: Stage, receiver: Receiver) -> dict[str, float]:
    # A topic of its own: on one the worker reads, every probe would be dead-lettered with a
    # warning in its log.
    topic = stage.prefix + "bench.floor"
    admin = AIOKafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    finally:
        await admin.close()
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=BOOTSTRAP, auto_offset_reset="latest")
    producer = AIOKafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all", enable_idempotence=True)
    await consumer.start()
    await producer.start()
    driver = graph_driver()
    kafka, neo4j, http = [], [], []
    try:
        await asyncio.sleep(1)  # let the consumer get its partitions
        async with aiohttp.ClientSession() as session:
            for i in range(50):
                t0 = time.perf_counter()
                await producer.send_and_wait(topic, b"x", key=b"floor")
                await consumer.getone()
                kafka.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                await driver.execute_query(
                    "MERGE (n:BenchFloor {uid: $uid}) SET n.i = $i", uid=stage.namespace, i=i
                )
                await driver.execute_query(
                    "MATCH (n:BenchFloor {uid: $uid}) RETURN n.i", uid=stage.namespace
                )
                neo4j.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                async with session.post(
                    f"http://127.0.0.1:{receiver.port}/hook", data=b"{}"
                ) as response:
                    await response.read()
                http.append(time.perf_counter() - t0)
    finally:
        await consumer.stop()
        await producer.stop()
        await driver.close()
    floors = {
        "kafka_produce_consume_ms": 1000 * percentile(kafka, 50),
        "neo4j_write_read_ms": 1000 * percentile(neo4j, 50),
        "http_post_ms": 1000 * percentile(http, 50),
    }
    # registry -> topic -> matching -> matches topic -> notifications: two Kafka hops.
    floors["sum_ms"] = (
        2 * floors["kafka_produce_consume_ms"]
        + floors["neo4j_write_read_ms"]
        + floors["http_post_ms"]
    )
    return {k: round(v, 2) for k, v in floors.items()}


async def measure() -> dict[str, Any]:
    # The receiver's clock is in this process: a full collection of its heap stopped it for up
    # to 67 ms on 2026-12-06, added to the latency of whatever webhook arrived meanwhile.
    gc.collect()
    gc.disable()
    try:
        return await _measure()
    finally:
        gc.enable()


async def _measure() -> dict[str, Any]:
    stage = Stage.fresh("latency")
    await stage.create_topics()
    receiver = Receiver()
    await receiver.start()
    env = stage.env(
        NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS="true",
        REGISTRY_RATE_LIMIT_PER_MINUTE="1000000",
        NOTIFICATIONS_RATE_LIMIT_PER_MINUTE="1000000",
    )
    registry = ServiceProcess("registry", env).start()
    notifications = ServiceProcess("notifications", env).start()
    matching = ServiceProcess(
        "matching",
        env
        | {
            "MATCHING_NOTIFICATIONS_URL": notifications.url,
            "MATCHING_MAX_PROPOSALS_PER_SUBJECT": str(PROPOSED_AT_HUB),
        },
    ).start()
    try:
        partner_key = issue_key(registry, {"system": "bench", "sources": [SOURCE]})
        coordinator = issue_key(registry, {"system": "bench-coordinator", "role": "coordinator"})
        hub = f"hub-{stage.namespace}"
        async with aiohttp.ClientSession() as session:
            async with session.post(
                f"{notifications.url}/v1/subscriptions",
                headers={"X-API-Key": coordinator},
                json={
                    "name": "bench",
                    "webhook": {"url": f"http://127.0.0.1:{receiver.port}/hook"},
                },
            ) as r:
                assert r.status == 201, await r.text()
            headers = {"X-API-Key": partner_key}
            async with session.post(
                f"{registry.url}/v1/events",
                headers=headers,
                json=_event(
                    "initiative.registered",
                    hub,
                    {
                        "initiative_id": hub,
                        "name": "Bench hub",
                        "kind": "learning_community",
                        "themes": ["procesindustrie"],
                        "regions": ["CR39"],
                    },
                ),
            ) as r:
                assert r.status == 202, await r.text()
            sent: dict[str, float] = {}
            sent_at: dict[str, float] = {}

            async def post(partner: str) -> None:
                body = _event(
                    "partner.registered",
                    partner,
                    {
                        "partner_id": partner,
                        "name": partner,
                        "kind": "grootbedrijf",
                        "themes": ["procesindustrie"],
                        "regions": ["GM1883"],
                    },
                )
                sent[partner] = time.perf_counter()
                sent_at[partner] = time.time()
                async with session.post(
                    f"{registry.url}/v1/events", headers=headers, json=body
                ) as r:
                    assert r.status == 202, await r.text()

            warm_up = [f"bench-w{WARM_UP - i:07d}-{stage.namespace}" for i in range(WARM_UP)]
            for partner in warm_up:  # ids after the measured ones', which must rank first
                await post(partner)
                await asyncio.sleep(1 / RATE)
            deadline = time.perf_counter() + 60
            while not set(warm_up) <= receiver.arrived.keys() and time.perf_counter() < deadline:
                await asyncio.sleep(0.1)
            sent.clear()
            sent_at.clear()
            lags: list[int] = []
            lag_failures: list[str] = []
            topics = [
                stage.prefix + "registry.partners.v1",
                stage.prefix + "registry.initiatives.v1",
            ]
            async with LagProbe(stage.prefix + "livinglab-matching", topics) as probe:
                sampling = asyncio.create_task(_sample(probe, lags, lag_failures))
                tasks = []
                start = time.perf_counter()
                for i in range(RATE * SECONDS):
                    delay = start + i / RATE - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    # Descending ids: each newcomer ranks first among equals at the hub.
                    partner = f"bench-p{RATE * SECONDS - i:07d}-{stage.namespace}"
                    tasks.append(asyncio.create_task(post(partner)))
                await asyncio.gather(*tasks)
                sampling.cancel()
            deadline = time.perf_counter() + 60
            while (
                len(receiver.arrived.keys() & sent.keys()) < len(sent)
                and time.perf_counter() < deadline
            ):
                await asyncio.sleep(0.2)
        latencies = [receiver.arrived[p] - t for p, t in sent.items() if p in receiver.arrived]
        floors = await _floors(stage, receiver)
        stages = await _stages(stage, sent_at, receiver.arrived_at)
    finally:
        matching.stop()
        notifications.stop()
        registry.stop()
        await receiver.stop()
    return {
        "offered_eps": RATE,
        "events": len(sent),
        "delivered": len(latencies),
        "p50_ms": round(1000 * percentile(latencies, 50), 1) if latencies else None,
        "p95_ms": round(1000 * percentile(latencies, 95), 1) if latencies else None,
        "p99_ms": round(1000 * percentile(latencies, 99), 1) if latencies else None,
        "floor_ms": floors["sum_ms"],
        "floors": floors,
        "stages_ms": stages,
        "matching_lag_max": max(lags, default=0),
        "matching_lag_at_end_of_sending": lags[-1] if lags else None,
        "matching_lag_each_second": lags,
        "matching_lag_samples_failed": lag_failures[:3]
        + ([f"... {len(lag_failures)} in all"] if len(lag_failures) > 3 else []),
    }


async def _sample(probe: LagProbe, lags: list[int], failures: list[str]) -> None:
    while True:
        try:
            lags.append(await probe.lag())
        except Exception as error:  # e.g. while the group rebalances: reported, not hidden
            failures.append(repr(error))
        await asyncio.sleep(1)


async def _stages(
    stage: Stage, sent_at: dict[str, float], arrived_at: dict[str, float]
) -> dict[str, dict[str, float]]:
    """Where the time goes, per delivered probe, from the Kafka records' timestamps: the
    registry (POST to its record on the partners topic), matching (to the match.proposed
    record) and notifications (to the webhook's arrival). All clocks are this machine's."""
    registered = {
        orjson.loads(r.value)["subject"]: r.timestamp / 1000
        for r in await read_all(stage.prefix + "registry.partners.v1")
    }
    proposed: dict[str, float] = {}
    for r in await read_all(stage.prefix + "matching.matches.v1"):
        event = orjson.loads(r.value)
        if event["type"].endswith("match.proposed.v1"):
            for subject in event["data"]["subject_ids"]:
                proposed.setdefault(subject, r.timestamp / 1000)
    spans: dict[str, list[float]] = {"registry": [], "matching": [], "notifications": []}
    for partner, arrived in arrived_at.items():
        if partner in sent_at and partner in registered and partner in proposed:
            spans["registry"].append(registered[partner] - sent_at[partner])
            spans["matching"].append(proposed[partner] - registered[partner])
            spans["notifications"].append(arrived - proposed[partner])
    return {
        name: {
            "p50": round(1000 * percentile(values, 50), 1),
            "p99": round(1000 * percentile(values, 99), 1),
        }
        for name, values in spans.items()
        if values
    }
