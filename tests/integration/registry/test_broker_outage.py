"""A broker outage on a Kafka of this test's own: 503 with Retry-After while it is down, nothing
lost and nothing doubled once it is back.

The shared broker on 9092 keeps serving the other tests; this one starts a second broker with
infra/kafka/start.sh (own ports, own KAFKA_LOCAL_DIR), stops it cleanly and starts it again on
the same data directory.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from livinglab_contracts import REGISTRY_TOPICS

from scripts.create_topics import create_all
from tests.integration.registry.harness import Partner, new_partner, registry_env
from tests.integration.registry.network import TopicLog, eventually
from tests.support.processes import REPO_ROOT, ServiceProcess, free_port

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(240)]

PUBLISH_TIMEOUT_S = 3


@dataclass
class Broker:
    home: Path
    port: int
    controller_port: int

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        self._run("start.sh")

    def stop(self) -> None:
        self._run("stop.sh")

    def _run(self, script: str) -> None:
        env = os.environ | {
            "KAFKA_LOCAL_DIR": str(self.home),
            "KAFKA_PORT": str(self.port),
            "KAFKA_CONTROLLER_PORT": str(self.controller_port),
        }
        done = subprocess.run(
            [REPO_ROOT / "infra" / "kafka" / script],
            env=env,
            capture_output=True,
            text=True,
            timeout=150,
            check=False,
        )
        assert done.returncode == 0, f"{script} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Broker]:
    port = free_port()
    controller_port = next(p for p in iter(free_port, None) if p != port)
    broker = Broker(tmp_path / "kafka", port, controller_port)
    broker.start()
    yield broker
    broker.stop()


async def post(partner: Partner, event: dict[str, Any]) -> tuple[int, dict[str, Any], float]:
    """Status, body and seconds taken."""
    started = time.monotonic()
    async with partner.client() as client:
        response = await client.post("/v1/events", json=event)
    took = time.monotonic() - started
    if response.status_code == 503:
        assert response.headers["Retry-After"] == "5"
    return response.status_code, response.json(), took


async def resubmit(partner: Partner, event: dict[str, Any]) -> dict[str, Any]:
    """Posts until accepted, as a client honouring Retry-After would (faster, for the test)."""

    async def accepted() -> dict[str, Any] | None:
        status, body, _ = await post(partner, event)
        assert status in (200, 202, 503), body
        return body if status in (200, 202) else None

    return await eventually(accepted, f"acceptance of {event['id']}", timeout_s=60)


async def test_an_outage_is_a_503_and_resubmitting_after_it_loses_and_doubles_nothing(
    broker: Broker, topic_prefix: str
) -> None:
    prefix = f"{topic_prefix}outage."
    await create_all(broker.bootstrap, prefix)
    env = registry_env(prefix, broker.bootstrap, publish_timeout_s=str(PUBLISH_TIMEOUT_S))
    registry = ServiceProcess("registry", env, name="registry-outage")
    await asyncio.to_thread(registry.start)
    try:
        partner = await asyncio.to_thread(new_partner, registry.url)
        net = partner.network
        before = [net.event("initiative.registered"), net.event("partner.registered")]
        during = [
            net.event("partner.joined-initiative", sequence=2),
            net.event("need.published"),
            net.event("initiative.updated", sequence=2),
        ]
        accepted = {}
        for event in before:
            status, body, _ = await post(partner, event)
            assert status == 202, body
            accepted[event["id"]] = body

        # The broker goes away.
        await asyncio.to_thread(broker.stop)
        outcomes = await asyncio.gather(*(post(partner, event) for event in during))
        for status, body, took in outcomes:
            assert (status, body["error"]["code"]) == (503, "kafka_unavailable")
            assert took < 2 * PUBLISH_TIMEOUT_S + 2  # sending, then waiting for the ack
        async with httpx.AsyncClient(base_url=registry.url) as client:
            ready = await client.get("/ready")
        assert ready.status_code == 503 and "kafka" in ready.json()["problems"]
        # What was accepted before is still answered: the view needs no broker for that.
        status, body, _ = await post(partner, before[1])
        assert (status, body) == (200, accepted[before[1]["id"]] | {"duplicate": True})

        # The broker comes back on the same data; the refused events are sent again.
        await asyncio.to_thread(broker.start)
        for event in during:
            accepted[event["id"]] = await resubmit(partner, event)
        async with httpx.AsyncClient(base_url=registry.url) as client:
            assert (await client.get("/ready")).status_code == 200

        # Every accepted event is on its topic exactly once, where its answer says.
        topics = TopicLog(broker.bootstrap)
        try:
            records = [r for topic in REGISTRY_TOPICS for r in await topics.read(prefix + topic)]
        finally:
            await topics.close()
        by_id: dict[str, list[Any]] = {}
        for record in records:
            by_id.setdefault(orjson.loads(record.value)["id"], []).append(record)
        assert sorted(by_id) == sorted(accepted)
        for event_id, (record, *others) in by_id.items():
            assert not others, f"{event_id} is on the topics {len(others) + 1} times"
            answer = accepted[event_id]
            assert (record.topic, record.partition, record.offset) == (
                answer["topic"],
                answer["partition"],
                answer["offset"],
            )
        async with partner.client() as client:
            cop = (await client.get(f"/v1/initiatives/{net.id('cop-limburg')}")).json()
        assert net.id("vista-college") in cop["members"] and cop["sequence"] == 2
    finally:
        await asyncio.to_thread(registry.stop)
