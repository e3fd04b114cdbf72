"""Deleting what one test session or one bench run created on the shared servers: its Kafka
topics (every one starts with the run's prefix, e.g. `test-<run id>`) and its graph namespaces in
Neo4j (every one starts with the same text). Other runs, `make run` and the demo use other
prefixes.

A bench run leaves a graph of 100k partners with their matches, with nodes of tens of thousands
of relationships. Neo4j refuses to delete such a node with its relationships, or 5,000 nodes
holding a ~2 KB match snapshot each, in one transaction (128 MB per transaction here), so
relationships go first, in bounded transactions, label by label, then the nodes.
"""

from __future__ import annotations

import asyncio

from aiokafka.admin import AIOKafkaAdminClient
from neo4j import GraphDatabase, Session

DELETE_CHUNK = 100  # topics per DeleteTopics request
RELATIONSHIPS_AT_ONCE = 10_000
NODES_AT_ONCE = 1_000
_LABELS = "CALL db.labels() YIELD label RETURN label"
# A label comes from db.labels(), never from input; Cypher cannot take it as a parameter.
_RELATIONSHIPS = """
MATCH (n:`%s`) WHERE n.ns STARTS WITH $prefix
MATCH (n)-[r]-()
WITH DISTINCT r LIMIT $batch
DELETE r
RETURN count(*) AS deleted
"""
_NODES = """
MATCH (n:`%s`) WHERE n.ns STARTS WITH $prefix
WITH n LIMIT $batch
DELETE n
RETURN count(*) AS deleted
"""


async def delete_topics(bootstrap: str, prefix: str, timeout_s: float = 60) -> int:
    """Deletes every topic whose name starts with `prefix`; returns how many."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=30_000)
    await asyncio.wait_for(admin.start(), timeout_s)
    try:
        names = sorted(t for t in await admin.list_topics() if t.startswith(prefix))
        for start in range(0, len(names), DELETE_CHUNK):
            chunk = names[start : start + DELETE_CHUNK]
            await asyncio.wait_for(admin.delete_topics(chunk, timeout_ms=30_000), timeout_s)
        return len(names)
    finally:
        await admin.close()


def _in_batches(session: Session, query: str, prefix: str, batch: int) -> int:
    deleted = 0
    while True:
        record = session.run(query, prefix=prefix, batch=batch).single()
        count = int(record["deleted"]) if record else 0
        deleted += count
        if count < batch:
            return deleted


def delete_namespaces(uri: str, user: str, password: str, prefix: str) -> int:
    """Deletes every node whose graph namespace (`ns`) starts with `prefix`; returns how many."""
    with (
        GraphDatabase.driver(uri, auth=(user, password), connection_timeout=5) as driver,
        driver.session() as session,
    ):
        labels = [record["label"].replace("`", "") for record in session.run(_LABELS)]
        for label in labels:
            _in_batches(session, _RELATIONSHIPS % label, prefix, RELATIONSHIPS_AT_ONCE)
        return sum(_in_batches(session, _NODES % label, prefix, NODES_AT_ONCE) for label in labels)
