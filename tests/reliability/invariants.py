"""What every fault test checks at its end, and the counts it reports.

- Every accepted registry event is in the graph exactly once: one node per aggregate uid
  (`ns:id`), holding the last accepted sequence (a membership's sequence lives on its edge).
- Every match is announced exactly once on matching.matches.v1: each CloudEvents id with one
  content, one id per (match, revision). The same id sent again after a crash (the outbox is
  flushed again) is allowed by design; such re-sends are counted.
- What was announced last per match is what the graph holds as proposed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from livinglab_contracts import MATCHES_TOPIC, REGISTRY_TOPICS
from neo4j import AsyncDriver

from tests.integration.matching.deployments import PARTITIONS
from tests.integration.matching.graph_state import DATABASE, matches
from tests.integration.matching.kafka_tools import read_topic

_NODES = """
MATCH (n) WHERE n.uid IN $uids
RETURN n.uid AS uid, labels(n) AS labels, n.seq AS seq,
       [(n)-[m:MEMBER_OF]->() | m.seq] AS edge_seqs
"""


@dataclass
class GraphCount:
    aggregates: int  # distinct aggregates among the accepted events
    in_graph: int  # of those, present exactly once with the last accepted sequence
    duplicates: list[str]  # uids with more than one node
    losses: list[str]  # uids missing, or holding an older sequence


def last_sequences(accepted: list[dict[str, Any]]) -> dict[str, int]:
    """Aggregate id -> the highest sequence accepted for it (registry events only)."""
    last: dict[str, int] = {}
    for event in accepted:
        if event["type"].startswith("nl.livinglab.match."):
            continue
        last[event["subject"]] = max(last.get(event["subject"], 0), event["sequence"])
    return last


async def graph_count(driver: AsyncDriver, ns: str, accepted: list[dict[str, Any]]) -> GraphCount:
    want = last_sequences(accepted)
    uids = [f"{ns}:{subject}" for subject in want]
    result = await driver.execute_query(_NODES, uids=uids, database_=DATABASE)
    found: dict[str, list[int]] = defaultdict(list)
    for record in result.records:
        found[record["uid"]].append(max([record["seq"] or 0, *record["edge_seqs"]]))
    duplicates = sorted(uid for uid, seqs in found.items() if len(seqs) > 1)
    losses = sorted(
        f"{ns}:{subject} (want seq {seq}, graph {found.get(f'{ns}:{subject}')})"
        for subject, seq in want.items()
        if found.get(f"{ns}:{subject}") != [seq]
    )
    in_graph = sum(1 for subject, seq in want.items() if found.get(f"{ns}:{subject}") == [seq])
    return GraphCount(len(want), in_graph, duplicates, losses)


@dataclass
class Announcements:
    events: int  # records on the topic
    ids: int  # distinct CloudEvents ids
    resent: int  # extra copies of an id with the same content (a flush repeated after a crash)
    conflicts: list[str]  # ids with more than one content, (match, revision) with several ids
    proposed: dict[str, dict[str, Any]]  # match id -> what was announced last, if not withdrawn


async def announcements(bootstrap: str, prefix: str) -> Announcements:
    records = await read_topic(bootstrap, prefix + MATCHES_TOPIC, PARTITIONS)
    by_id: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_revision: dict[tuple[str, int], set[str]] = defaultdict(set)
    for record in records:
        by_id[record["id"]].append(record)
        by_revision[(record["subject"], record["sequence"])].add(record["id"])
    conflicts = [f"id {i}: {len(c)} contents" for i, c in by_id.items() if len(_distinct(c)) > 1]
    conflicts += [f"{key}: ids {sorted(ids)}" for key, ids in by_revision.items() if len(ids) > 1]
    last: dict[str, dict[str, Any]] = {}
    for record in sorted(records, key=lambda r: r["sequence"]):
        last[record["subject"]] = record
    proposed = {
        match_id: {k: v for k, v in r["data"].items() if k not in ("revision", "previous_score")}
        for match_id, r in last.items()
        if not r["type"].startswith("nl.livinglab.match.withdrawn")
    }
    return Announcements(
        len(records), len(by_id), len(records) - len(by_id), sorted(conflicts), proposed
    )


def _distinct(copies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    distinct: list[dict[str, Any]] = []
    for copy in copies:
        if copy not in distinct:
            distinct.append(copy)
    return distinct


async def assert_invariants(
    driver: AsyncDriver, bootstrap: str, prefix: str, ns: str, accepted: list[dict[str, Any]]
) -> tuple[GraphCount, Announcements]:
    """The end-of-test check; returns the counts for the report."""
    graph = await graph_count(driver, ns, accepted)
    assert not graph.duplicates, f"aggregates in the graph more than once: {graph.duplicates}"
    assert not graph.losses, f"accepted events missing from the graph: {graph.losses}"
    announced = await announcements(bootstrap, prefix)
    assert not announced.conflicts, f"matches announced more than once: {announced.conflicts}"
    in_graph = await matches(driver, ns)
    assert announced.proposed == in_graph, (
        f"announced {sorted(announced.proposed)} but the graph proposes {sorted(in_graph)}"
    )
    return graph, announced


async def copy_registry_topics(bootstrap: str, source: str, target: str) -> int:
    """Copies every registry record (key, value, partition, order) to another prefix's topics,
    so a clean replay can run with its own matches topic."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await consumer.start()
    await producer.start()
    copied = 0
    try:
        partitions = [
            TopicPartition(source + t, p) for t in REGISTRY_TOPICS for p in range(PARTITIONS)
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            batch = await consumer.getmany(*partitions, timeout_ms=1000)
            for tp, messages in batch.items():
                topic = target + tp.topic.removeprefix(source)
                for m in messages:
                    await producer.send_and_wait(topic, m.value, key=m.key, partition=tp.partition)
                    copied += 1
        return copied
    finally:
        await producer.stop()
        await consumer.stop()
