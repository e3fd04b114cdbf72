"""The real `python -m matching` process: a replay from offset 0 rebuilds the same graph and the
same matches, and two workers in one consumer group share the partitions and agree with one.

One run serves all tests. While a network is produced in three phases, as the registry would
(key = subject, value = canonical JSON), three processes build live: A alone (the reference) and
C1 + C2 in one consumer group. Afterwards B (one process) and D1 + D2 (two in one group) start
with empty namespaces and new consumer groups, so they read everything from offset 0 at once.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio
from aiokafka import TopicPartition
from neo4j import AsyncDriver

from scripts.create_topics import create_all
from tests.integration.matching.deployments import (
    PARTITIONS,
    Deployment,
    consumed_partitions,
    deployment,
    start,
    wait_idle,
)
from tests.integration.matching.graph_state import drop_namespace, graph_snapshot, matches
from tests.integration.matching.kafka_tools import group_assignment, produce
from tests.integration.matching.network import Network

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(240)]


@dataclass
class Run:
    prefix: str
    bootstrap: str
    network: Network
    single: Deployment  # A: one live process
    pair: Deployment  # C: two live processes in one group
    replay: Deployment  # B: one process started afterwards, from offset 0
    replay_pair: Deployment  # D: two processes in one group started afterwards, from offset 0
    pair_assignment: dict[str, set[TopicPartition]]
    end_offsets: dict[TopicPartition, int]


@pytest_asyncio.fixture(scope="module")
async def run(
    topic_prefix: str, graph_namespace: str, kafka_bootstrap: str, neo4j_driver: AsyncDriver
) -> AsyncIterator[Run]:
    prefix = f"{topic_prefix}replay-{uuid.uuid4().hex[:6]}."
    await create_all(kafka_bootstrap, prefix, PARTITIONS)
    single = deployment("a", graph_namespace, 1)
    pair = deployment("c", graph_namespace, 2)
    replay = deployment("b", graph_namespace, 1)
    replay_pair = deployment("d", graph_namespace, 2)
    network = Network()
    try:
        # Build live: three phases, each fully handled before the next is sent.
        await start(prefix, kafka_bootstrap, single, pair)
        ends: dict[TopicPartition, int] = {}
        for phase in network.phases():
            await produce(kafka_bootstrap, prefix, phase)
            ends = await wait_idle(kafka_bootstrap, prefix, single, pair)
        pair_assignment = await group_assignment(kafka_bootstrap, prefix + pair.group)

        # Rebuild: an empty namespace and a new group read every topic from offset 0.
        await start(prefix, kafka_bootstrap, replay, replay_pair)
        await wait_idle(kafka_bootstrap, prefix, replay, replay_pair)

        yield Run(
            prefix,
            kafka_bootstrap,
            network,
            single,
            pair,
            replay,
            replay_pair,
            pair_assignment,
            ends,
        )
    finally:
        deployments = (single, pair, replay, replay_pair)
        await asyncio.gather(*(asyncio.to_thread(p.stop) for d in deployments for p in d.processes))
        for d in deployments:
            await drop_namespace(neo4j_driver, d.namespace)


def differences(left: dict[Any, Any], right: dict[Any, Any]) -> list[str]:
    """Readable differences of two keyed states, down to the single criterion."""
    found = []
    for key in sorted(set(left) | set(right), key=str):
        a, b = left.get(key), right.get(key)
        if a == b:
            continue
        if not isinstance(a, dict) or not isinstance(b, dict):
            found.append(f"{key}: only in {'left' if b is None else 'right'}: {a or b}")
            continue
        for field_name in sorted(set(a) | set(b)):
            x, y = a.get(field_name), b.get(field_name)
            if field_name == "criteria" and x and y:
                x = {c["id"]: c for c in x}
                y = {c["id"]: c for c in y}
                x, y = (
                    {k: v for k, v in x.items() if y.get(k) != v},
                    {k: v for k, v in y.items() if x.get(k) != v},
                )
            if x != y:
                found.append(f"{key} {field_name}: {x!r} != {y!r}")
    return found


async def assert_same_state(driver: AsyncDriver, expected: Deployment, actual: Deployment) -> None:
    want = await graph_snapshot(driver, expected.namespace)
    got = await graph_snapshot(driver, actual.namespace)
    problems = differences(want["nodes"], got["nodes"])
    problems += [f"edge only in one: {e}" for e in sorted(set(want["edges"]) ^ set(got["edges"]))]
    want_matches = await matches(driver, expected.namespace)
    problems += differences(want_matches, await matches(driver, actual.namespace))
    if problems:
        pytest.fail(f"{expected.label} != {actual.label}:\n" + "\n".join(problems), pytrace=False)


async def test_a_replay_from_offset_zero_gives_the_same_graph_and_matches(
    run: Run, neo4j_driver: AsyncDriver
) -> None:
    graph = await graph_snapshot(neo4j_driver, run.single.namespace)
    proposed = await matches(neo4j_driver, run.single.namespace)
    n = run.network
    # The live build is worth comparing: it holds the cases a replay must get right.
    assert graph["nodes"][("Partner", n["p-province"])]["regions"] == ["CR39"]  # not the stale
    assert graph["nodes"][("Initiative", n["i-late"])]["pending"] is False
    assert graph["nodes"][("Partner", n["p-late"])]["pending"] is False
    assert graph["nodes"][("Initiative", n["i-zorg"])]["status"] == "closed"
    assert len(proposed) >= 10
    kinds = {m["kind"] for m in proposed.values()}
    assert kinds == {"partner_to_initiative", "initiative_to_initiative", "need_to_offer"}

    await assert_same_state(neo4j_driver, run.single, run.replay)


async def test_two_workers_share_the_partitions_and_build_what_one_builds(
    run: Run, neo4j_driver: AsyncDriver
) -> None:
    assigned = run.pair_assignment
    assert len(assigned) == 2, assigned
    assert all(assigned.values()), f"a worker without partitions: {assigned}"
    every = set(consumed_partitions(run.prefix))
    assert set().union(*assigned.values()) >= every
    first, second = assigned.values()
    assert not first & second
    records = [sum(run.end_offsets.get(tp, 0) for tp in mine) for mine in assigned.values()]
    assert all(records), f"records per worker: {records}"  # both had work to do

    await assert_same_state(neo4j_driver, run.single, run.pair)


async def test_two_workers_replaying_from_offset_zero_build_what_one_builds(
    run: Run, neo4j_driver: AsyncDriver
) -> None:
    # Here related aggregates (a membership, its initiative) arrive at both workers at once.
    await assert_same_state(neo4j_driver, run.single, run.replay_pair)
