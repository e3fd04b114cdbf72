"""Deleting what one test session created on the shared servers: its Kafka topics (every one
starts with the session's `test-<run id>` prefix) and its graph namespaces in Neo4j (every one
starts with the same text). Other sessions, `make run` and the demo use other prefixes."""

from __future__ import annotations

import asyncio

from aiokafka.admin import AIOKafkaAdminClient
from neo4j import GraphDatabase

DELETE_CHUNK = 100  # topics per DeleteTopics request


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


def delete_namespaces(uri: str, user: str, password: str, prefix: str) -> int:
    """Deletes every node whose graph namespace (`ns`) starts with `prefix`; returns how many."""
    with (
        GraphDatabase.driver(uri, auth=(user, password), connection_timeout=5) as driver,
        driver.session() as session,
    ):
        # CALL ... IN TRANSACTIONS needs an auto-commit transaction: session.run, not a function.
        record = session.run(
            "MATCH (n) WHERE n.ns STARTS WITH $prefix "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS RETURN count(*) AS deleted",
            prefix=prefix,
        ).single()
        return int(record["deleted"]) if record else 0
