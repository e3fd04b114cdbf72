"""Through a running matching worker: an unexpected (non-retryable) Neo4j ClientError in a batch
neither crashes the faust agent nor skips the batch, and a poison record in that batch is
dead-lettered once, not once per attempt. More poison is in test_poison.py."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from livinglab_contracts import INITIATIVES_TOPIC
from neo4j import AsyncDriver

from tests.integration.matching.deployments import Deployment, deployment, start, wait_idle
from tests.integration.matching.graph_state import DATABASE
from tests.integration.matching.kafka_tools import produce
from tests.integration.registry.network import Network, read_topic
from tests.reliability.conftest import PrefixMaker
from tests.reliability.invariants import assert_invariants

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(180)]

DEADLINE_S = 90
POISON = b'{"specversion": "1.0", "type": "not.an.event"}'


async def produce_raw(bootstrap: str, topic: str, value: bytes) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic, value, key=b"poison")
    finally:
        await producer.stop()


async def in_graph(driver: AsyncDriver, ns: str, ids: list[str]) -> set[str]:
    result = await driver.execute_query(
        "MATCH (n) WHERE n.uid IN $uids AND n.seq > 0 RETURN n.id AS id",
        uids=[f"{ns}:{i}" for i in ids],
        database_=DATABASE,
    )
    return {r["id"] for r in result.records}


async def eventually_in_graph(driver: AsyncDriver, ns: str, ids: list[str]) -> None:
    deadline = time.monotonic() + DEADLINE_S
    found: set[str] = set()
    while time.monotonic() < deadline:
        if (found := await in_graph(driver, ns, ids)) == set(ids):
            return
        await asyncio.sleep(0.3)
    raise AssertionError(f"not in the graph after {DEADLINE_S}s: {sorted(set(ids) - found)}")


@pytest_asyncio.fixture
async def worker(
    fresh_prefix: PrefixMaker,
    kafka_bootstrap: str,
    graph_namespace: str,
    dropped_namespaces: list[str],
) -> AsyncIterator[tuple[str, Deployment]]:
    prefix = await fresh_prefix("rel-client-error")
    matching = deployment("clienterr", graph_namespace, 1)
    dropped_namespaces.append(matching.namespace)
    await start(prefix, kafka_bootstrap, matching)
    yield prefix, matching
    await asyncio.gather(*(asyncio.to_thread(p.stop) for p in matching.processes))


async def blocked_worker_transactions(driver: AsyncDriver, ns: str) -> list[str]:
    result = await driver.execute_query(
        "SHOW TRANSACTIONS YIELD transactionId, currentQuery, parameters, status "
        "WHERE currentQuery CONTAINS 'BatchLock' AND status STARTS WITH 'Blocked' "
        "RETURN transactionId, parameters",
        database_=DATABASE,
    )
    return [r["transactionId"] for r in result.records if r["parameters"].get("ns") == ns]


async def test_a_neo4j_client_error_in_a_batch_neither_crashes_the_worker_nor_skips_the_batch(
    worker: tuple[str, Deployment],
    kafka_bootstrap: str,
    neo4j_driver: AsyncDriver,
    report: Callable[[dict[str, Any]], None],
) -> None:
    """The test holds the namespace's batch lock, the worker's batch waits for it, and the test
    terminates the waiting transaction: Neo.ClientError.Transaction.LockClientStopped, which is
    not one of the errors the worker retried before. Raising it crashed the faust agent and its
    restart went on after the batch, whose offsets were then committed: the events never reached
    the graph."""
    prefix, matching = worker
    net = Network("/systems/e2e-partner")
    first = [net.event("initiative.registered"), net.event("partner.registered")]
    poison_topic = prefix + INITIATIVES_TOPIC
    later = [net.event("need.published")]
    ns = matching.namespace
    lock_session = neo4j_driver.session(database=DATABASE)
    lock = await lock_session.begin_transaction()
    terminated: list[str] = []
    try:
        await (
            await lock.run(
                "MERGE (l:BatchLock {uid: $ns + ':batch-lock'}) SET l.ns = $ns, l.test = 1", ns=ns
            )
        ).consume()
        # The poison travels in the batch that fails: it must reach its dead-letter topic once,
        # not once per attempt.
        await produce_raw(kafka_bootstrap, poison_topic, POISON)
        await produce(kafka_bootstrap, prefix, first)
        deadline = time.monotonic() + DEADLINE_S
        while not (terminated := await blocked_worker_transactions(neo4j_driver, ns)):
            assert time.monotonic() < deadline, "the worker's batch never waited for the lock"
            await asyncio.sleep(0.2)
        await neo4j_driver.execute_query(
            "TERMINATE TRANSACTIONS $ids", ids=terminated, database_=DATABASE
        )
        await produce(kafka_bootstrap, prefix, later)
        await asyncio.sleep(1)  # the worker sees the error while the lock is still held
    finally:
        await lock.rollback()
        await lock_session.close()

    await eventually_in_graph(neo4j_driver, ns, [e["subject"] for e in first + later])
    await wait_idle(kafka_bootstrap, prefix, matching)
    [process] = matching.processes
    assert process.process is not None and process.process.poll() is None
    log = process.log_path.read_text(errors="replace")
    assert "LockClientStopped" in log and "retrying" in log
    letters = await read_topic(kafka_bootstrap, poison_topic + ".dlq")
    copies = [r for r in letters if r.value == POISON]
    assert len(copies) == 1, f"the poison was dead-lettered {len(copies)} times"
    graph, announced = await assert_invariants(
        neo4j_driver, kafka_bootstrap, prefix, ns, first + later
    )
    report(
        {
            "terminated_transactions": len(terminated),
            "dead_letter_copies_of_the_poison": len(copies),
            "posted": len(first + later),
            "accepted": len(first + later),
            "aggregates": graph.aggregates,
            "in_graph": graph.in_graph,
            "duplicates": len(graph.duplicates),
            "losses": len(graph.losses),
            "announced": announced.events,
            "resent_ids": announced.resent,
        }
    )
