"""Matching workers SIGKILLed mid-stream and restarted, and a second worker joining and leaving
while events arrive: the graph and the announced matches equal a clean replay.

The stream is four independent 43-event networks (references before targets, a duplicate, a
stale update, leaves, closures), produced as the registry would (key = subject) in small paced
chunks. The clean replay copies the registry topics to a prefix of its own, so its matches topic
is separate, and builds them with a fresh namespace and consumer group from offset 0.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from neo4j import AsyncDriver

from tests.integration.matching.deployments import deployment, start, wait_idle
from tests.integration.matching.test_replay_and_scaling import assert_same_state, differences
from tests.reliability.conftest import PrefixMaker
from tests.reliability.invariants import announcements, assert_invariants, copy_registry_topics
from tests.reliability.streams import network_phases, node_count, stream, wait_for_nodes
from tests.support.processes import ServiceProcess

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(300)]


async def test_killed_restarted_and_rebalanced_workers_build_what_a_clean_replay_builds(
    neo4j_driver: AsyncDriver,
    kafka_bootstrap: str,
    graph_namespace: str,
    fresh_prefix: PrefixMaker,
    dropped_namespaces: list[str],
    report: Callable[[dict[str, Any]], None],
) -> None:
    prefix = await fresh_prefix("crash")
    live = deployment("live", graph_namespace, 1)
    dropped_namespaces.append(live.namespace)
    [first] = live.processes
    second = replace(first, name="matching-live-joiner", process=None)
    phases = network_phases(4)
    accepted = [e for phase in phases for e in phase]
    replay_processes: list[ServiceProcess] = []
    try:
        await start(prefix, kafka_bootstrap, live)
        second.env = dict(first.env)

        # Phase 1 streams in; once the worker has written something it is SIGKILLed mid-stream.
        sending = asyncio.create_task(stream(kafka_bootstrap, prefix, phases[0]))
        await wait_for_nodes(neo4j_driver, live.namespace, 0)
        first.stop(kill=True)
        killed_at = await node_count(neo4j_driver, live.namespace)
        await sending
        await asyncio.to_thread(first.start)

        # Phase 2 streams in while a second worker joins the group (a rebalance under load).
        sending = asyncio.create_task(stream(kafka_bootstrap, prefix, phases[1]))
        await asyncio.to_thread(second.start)
        live.processes.append(second)
        await sending

        # Phase 3 streams in while it leaves again (a second rebalance under load). The first
        # worker is killed only once: a SIGKILLed member holds its partitions until its session
        # times out, which is what makes this test slow.
        sending = asyncio.create_task(stream(kafka_bootstrap, prefix, phases[2]))
        await asyncio.to_thread(second.stop)
        await sending
        await wait_idle(kafka_bootstrap, prefix, live)

        graph, announced = await assert_invariants(
            neo4j_driver, kafka_bootstrap, prefix, live.namespace, accepted
        )

        # The clean replay: same registry records, own prefix, namespace and group.
        replay_prefix = await fresh_prefix("crash-replay")
        copied = await copy_registry_topics(kafka_bootstrap, prefix, replay_prefix)
        assert copied == len(accepted)
        replay = deployment("replay", graph_namespace, 1)
        dropped_namespaces.append(replay.namespace)
        replay_processes += replay.processes
        await start(replay_prefix, kafka_bootstrap, replay)
        await wait_idle(kafka_bootstrap, replay_prefix, replay)
        await assert_invariants(
            neo4j_driver, kafka_bootstrap, replay_prefix, replay.namespace, accepted
        )
        await assert_same_state(neo4j_driver, replay, live)
        clean = await announcements(kafka_bootstrap, replay_prefix)
        assert not differences(clean.proposed, announced.proposed), differences(
            clean.proposed, announced.proposed
        )
        assert len(announced.proposed) >= 40
        report(
            {
                "posted": len(accepted),
                "accepted": len(accepted),
                "aggregates": graph.aggregates,
                "in_graph": graph.in_graph,
                "duplicates": len(graph.duplicates),
                "losses": len(graph.losses),
                "nodes_when_killed": killed_at,
                "announced": announced.events,
                "announced_ids": announced.ids,
                "resent_ids": announced.resent,
                "proposed": len(announced.proposed),
                "replay_announced": clean.events,
                "replay_resent_ids": clean.resent,
            }
        )
    finally:
        procs = [first, second, *replay_processes]
        await asyncio.gather(*(asyncio.to_thread(p.stop) for p in procs))
