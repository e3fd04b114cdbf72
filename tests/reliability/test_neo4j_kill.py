"""Neo4j SIGKILLed while the matching worker builds the graph, then restarted on the same data.

A Neo4j of this test's own (infra/neo4j/start.sh, own port, data directory and password) holds
the graph; Kafka is the shared broker under a topic prefix of the test's own. Partner-system
clients post a stream through the registry; once the worker has written part of it, Neo4j's
java process gets SIGKILL and the rest of the stream arrives while it is down.

While Neo4j is down the worker must not commit offsets of records it could not write: every
record produced after the kill lies at or beyond the end offsets taken at the kill, so the
group's committed offsets must stay at or below those. After the restart the worker (retrying
with backoff, never restarted) finishes the stream; the graph then holds every accepted event
exactly once, every match was announced once per id and content, and a clean replay (a second
deployment, fresh namespace and consumer group, from offset 0, on the same server) builds the
same graph and the same matches, node by node and match by match. A poison record sent while
Neo4j is down reaches its dead-letter topic afterwards (how often is reported: the service
dead-letters before it writes, so a batch retried during an outage sends its poison again).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from livinglab_contracts import INITIATIVES_TOPIC
from neo4j import AsyncGraphDatabase

from tests.integration.matching.deployments import Deployment, wait_idle
from tests.integration.matching.test_replay_and_scaling import assert_same_state
from tests.integration.registry.network import eventually, read_topic
from tests.reliability.checks import (
    end_state,
    graph_report,
)
from tests.reliability.harness import Stack, group_offsets
from tests.reliability.servers import own_neo4j
from tests.reliability.workload import Poster, Workload

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(240)]

CELLS = 6
DOWN_S = 6  # how long the test watches the committed offsets while Neo4j is down


async def test_a_neo4j_killed_during_the_graph_build_converges_to_a_clean_replay(
    tmp_path: Path,
    topic_prefix: str,
    kafka_bootstrap: str,
    raw_producer: AIOKafkaProducer,
    report: Callable[[dict[str, Any]], None],
) -> None:
    neo4j = own_neo4j(tmp_path)
    await asyncio.to_thread(neo4j.start)
    driver = AsyncGraphDatabase.driver(neo4j.uri, auth=("neo4j", neo4j.password))
    tag = uuid.uuid4().hex[:6]
    stack = Stack(
        "neo4j",
        f"{topic_prefix}neo4j-{tag}.",
        kafka_bootstrap,
        f"rel-live-{tag}",
        (neo4j.uri, neo4j.password),
    )
    replay = stack.new_matching(
        9, GRAPH_NAMESPACE=f"rel-replay-{tag}", MATCHING_CONSUMER_GROUP=f"replay-{tag}"
    )
    try:
        await stack.start(matching=1)
        assert stack.registry is not None
        workload = Workload(stack.source, CELLS)
        poster = Poster(stack.registry.url, stack.partner_token)
        first, rest = workload.lanes[: CELLS // 2], workload.lanes[CELLS // 2 :]
        await poster.post_all(first)

        async def building() -> bool:
            written = await graph_report(driver, stack.namespace, workload.expected)
            return written.nodes > 0

        await eventually(building, "the first nodes in the graph", 60)
        await asyncio.to_thread(neo4j.kill)
        ends_at_kill, _ = await group_offsets(kafka_bootstrap, stack.prefix, stack.group)

        # The rest of the stream arrives while Neo4j is down; the registry does not need it.
        await poster.post_all(rest)
        deadline = time.monotonic() + DOWN_S
        too_far: list[str] = []
        ends_while_down: dict[str, int] = {}
        while time.monotonic() < deadline:
            ends_while_down, committed = await group_offsets(
                kafka_bootstrap, stack.prefix, stack.group
            )
            too_far += [
                f"{tp}: committed {c} while only {ends_at_kill.get(tp, 0)} could be written"
                for tp, c in committed.items()
                if c > ends_at_kill.get(tp, 0)
            ]
            await asyncio.sleep(0.5)
        assert not too_far, "offsets committed for unwritten records:\n" + "\n".join(too_far)
        # Coordinators asking meanwhile hear that the graph is away, not a server error.
        async with httpx.AsyncClient(
            base_url=stack.matching[0].url,
            headers={"X-API-Key": stack.coordinator_token},
            timeout=60,
        ) as client:
            asking = time.monotonic()
            asked = await client.get("/v1/matches")
            answered_in_s = round(time.monotonic() - asking, 1)
        assert asked.status_code == 503, asked.text
        assert asked.json()["error"]["code"] == "neo4j_unavailable"
        assert int(asked.headers["Retry-After"]) > 0
        phases_503 = {"matches_query_503_after_s": answered_in_s}
        arrived_while_down = sum(ends_while_down.values()) - sum(ends_at_kill.values())
        assert arrived_while_down > 0
        # A poison record queued behind the unwritten ones: dead-lettered once Neo4j is back.
        poison_topic = stack.prefix + INITIATIVES_TOPIC
        poisoned = await raw_producer.send_and_wait(poison_topic, b"{not json", b"poison")

        await asyncio.to_thread(neo4j.start)
        # The same worker process carries on: retried with backoff, never restarted.
        [worker] = stack.matching
        assert worker.process is not None and worker.process.poll() is None, worker.tail()
        await wait_idle(kafka_bootstrap, stack.prefix, stack.deployment)
        retries = sum("failed (" in line for line in worker.tail(400).splitlines())
        assert retries > 0, "the worker never noticed Neo4j was gone"

        origin = f"{poison_topic}/{poisoned.partition}/{poisoned.offset}".encode()
        letters = await read_topic(kafka_bootstrap, f"{poison_topic}.dlq")
        copies = sum(1 for r in letters if ("x-dlq-origin", origin) in r.headers)
        assert copies >= 1, "the poison never reached the dead-letter topic"

        graph, audit, problems = await end_state(
            kafka_bootstrap,
            stack.prefix,
            driver,
            stack.namespace,
            poster.tally.accepted_ids,
            workload.expected,
        )
        assert not problems, "\n".join(problems)

        # A clean replay of the same topics from offset 0 builds the same graph and matches.
        await asyncio.to_thread(replay.start, 120)
        clean = Deployment("replay", replay.env["GRAPH_NAMESPACE"], f"replay-{tag}", [replay])
        await wait_idle(kafka_bootstrap, stack.prefix, clean)
        await assert_same_state(driver, stack.deployment, clean)
        report(
            {
                **poster.tally.summary(),
                "records_arrived_while_down": arrived_while_down,
                **phases_503,
                "neo4j_restart_s": round(neo4j.starts[-1], 1),
                "worker_retries_logged": retries,
                "dead_letter_copies_of_the_poison": copies,
                "aggregates_in_graph": graph.nodes,
                "duplicates": len(graph.doubled),
                "losses": len(graph.missing) + len(graph.wrong_sequence),
                "replay_equal": True,
                **audit.summary(),
            }
        )
    finally:
        await asyncio.to_thread(replay.stop)
        await stack.stop()
        await driver.close()
        await asyncio.to_thread(neo4j.stop)
