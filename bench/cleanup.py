"""Deleting what one `python -m bench` made: its topics and its graph namespaces.

A run leaves about a hundred topics and a graph of 100k partners with their matches; the
development servers had grown to 49 GB of them, and every query that scans a label slowed down.
The growth network has nodes with tens of thousands of relationships, and Neo4j refuses to
delete one of those with its relationships in one transaction (128 MB per transaction here), so
relationships go first, in bounded transactions, label by label.
"""

from __future__ import annotations

from neo4j import AsyncDriver

from bench.harness import BOOTSTRAP, RUN_PREFIX, graph_driver
from tests.support.cleanup import delete_topics

# Rows per transaction. A Match node holds its last snapshot (about 2 KB): 10,000 of them
# deleted at once went past the transaction memory pool; relationships are lighter.
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


async def _delete_in_batches(driver: AsyncDriver, query: str, batch: int) -> int:
    deleted = 0
    while True:
        found = await driver.execute_query(query, prefix=RUN_PREFIX, batch=batch)
        count = int(found.records[0]["deleted"]) if found.records else 0
        deleted += count
        if count < batch:
            return deleted


async def delete_run_data() -> str:
    topics = await delete_topics(BOOTSTRAP, RUN_PREFIX)
    driver = graph_driver()
    try:
        labels = [r["label"] for r in (await driver.execute_query(_LABELS)).records]
        nodes = 0
        for label in labels:
            query = _RELATIONSHIPS % label.replace("`", "")
            await _delete_in_batches(driver, query, RELATIONSHIPS_AT_ONCE)
        for label in labels:
            query = _NODES % label.replace("`", "")
            nodes += await _delete_in_batches(driver, query, NODES_AT_ONCE)
    finally:
        await driver.close()
    return f"deleted this run's {topics} Kafka topics and {nodes} graph nodes ({RUN_PREFIX}*)"
