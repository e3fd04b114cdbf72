"""The Kafka broker SIGKILLed during a stream of posts, then restarted on the same data.

A broker of this test's own (infra/kafka/start.sh, own ports and data directory) serves a whole
stack: registry, matching worker and notifications with a webhook subscription to every match.
Partner-system clients post a stream of events in parallel lanes and retry each refused event
with the same id. A third of the way in, the broker's java process gets SIGKILL; while it is down
the registry answers 503 with Retry-After and /ready says why; then it starts again.

At the end: every accepted event is on the registry topics exactly once and in the graph exactly
once, the workers (never restarted) resumed from their committed offsets up to the end of every
topic, every match was announced once per id and content, and each announced change reached the
webhook under one delivery id.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from tests.integration.matching.deployments import wait_idle
from tests.integration.matching.graph_state import drop_namespace
from tests.integration.notifications.receivers import WebhookReceiver
from tests.integration.registry.network import eventually
from tests.reliability.checks import (
    audit_webhook,
    end_state,
)
from tests.reliability.harness import SHARED_NEO4J, Stack
from tests.reliability.servers import own_broker
from tests.reliability.workload import Poster, Workload

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(240)]

CELLS = 6  # 72 events


async def test_a_broker_killed_mid_stream_loses_and_doubles_nothing(
    tmp_path: Path,
    topic_prefix: str,
    shared_neo4j: AsyncDriver,
    receiver: WebhookReceiver,
    report: Callable[[dict[str, Any]], None],
) -> None:
    broker = own_broker(tmp_path / "kafka")
    await asyncio.to_thread(broker.start)
    tag = uuid.uuid4().hex[:6]
    stack = Stack(
        "broker",
        f"{topic_prefix}broker-{tag}.",
        broker.bootstrap,
        f"rel-broker-{tag}",
        SHARED_NEO4J,
    )
    try:
        await stack.start(matching=1, notifications=True)
        assert stack.registry is not None and stack.notifications is not None
        _, hook = await stack.subscribe_webhook(receiver)
        workload = Workload(stack.source, CELLS)
        poster = Poster(stack.registry.url, stack.partner_token)
        posting = asyncio.create_task(poster.post_all(workload.lanes))

        await poster.reached(len(workload.events) // 3)
        await asyncio.to_thread(broker.kill)
        accepted_before_kill = len(poster.tally.accepted_ids)

        # While it is down: 503 + Retry-After to the clients, and /ready names Kafka.
        async def refused() -> bool:
            return poster.tally.unavailable >= 3

        await eventually(refused, "503 answers while the broker is down", 60)
        async with httpx.AsyncClient(base_url=stack.registry.url, timeout=30) as client:
            ready = await client.get("/ready")
        assert ready.status_code == 503 and "kafka" in ready.json()["problems"], ready.text
        # A coordinator's feedback cannot be stored either: 503, nothing half-done.
        async with httpx.AsyncClient(
            base_url=stack.matching[0].url,
            headers={"X-API-Key": stack.coordinator_token},
            timeout=60,
        ) as client:

            async def a_match() -> Any:
                listed = await client.get("/v1/matches", params={"limit": 1})
                assert listed.status_code == 200, listed.text
                return listed.json()["items"][0]["match_id"] if listed.json()["items"] else None

            match_id = await eventually(a_match, "a match to give feedback on", 60)
            feedback = await client.post(
                f"/v1/matches/{match_id}/feedback", json={"decision": "accepted"}
            )
        assert feedback.status_code == 503, feedback.text
        assert feedback.json()["error"]["code"] == "kafka_unavailable"
        assert int(feedback.headers["Retry-After"]) > 0
        accepted_while_down = len(poster.tally.accepted_ids) - accepted_before_kill

        await asyncio.to_thread(broker.start)
        await asyncio.wait_for(posting, 150)

        # Workers were not restarted: they resumed from their committed offsets.
        processes = [*stack.matching, stack.notifications]
        assert all(p.process and p.process.poll() is None for p in processes), "a worker died"
        await wait_idle(broker.bootstrap, stack.prefix, stack.deployment)
        graph, audit, problems = await end_state(
            broker.bootstrap,
            stack.prefix,
            shared_neo4j,
            stack.namespace,
            poster.tally.accepted_ids,
            workload.expected,
        )
        assert not problems, "\n".join(problems)
        assert len(graph.matches) >= 10, "too few matches to say much"

        async def all_delivered() -> Any:
            found = audit_webhook(receiver, hook, audit)
            return found if not found.problems else None

        deliveries = await eventually(all_delivered, "every change at the webhook", 90)
        report(
            {
                **poster.tally.summary(),
                "events_in_stream": len(workload.events),
                "accepted_before_kill": accepted_before_kill,
                "accepted_while_down": accepted_while_down,
                "broker_restart_s": round(broker.starts[-1], 1),
                # end_state found each accepted event on the topics once, and nothing else.
                "on_registry_topics": len(poster.tally.accepted_ids),
                "aggregates_in_graph": graph.nodes,
                "duplicates": len(graph.doubled),
                "losses": len(graph.missing) + len(graph.wrong_sequence),
                **audit.summary(),
                "webhook_requests": deliveries.requests,
                "webhook_changes": deliveries.changes,
                "webhook_resent": deliveries.resent,
            }
        )
    finally:
        await stack.stop()
        await asyncio.to_thread(broker.stop)
        await drop_namespace(shared_neo4j, stack.namespace)
