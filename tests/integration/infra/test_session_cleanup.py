"""The clean-up every test session ends with deletes its own topics and graph data, and only
those (issue 18: `make test` left ~500 topics behind per run)."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from neo4j import GraphDatabase

from scripts.create_topics import create_all
from tests.support.cleanup import delete_namespaces, delete_topics

pytestmark = pytest.mark.integration


async def topic_names(bootstrap: str) -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()


def test_the_session_clean_up_deletes_its_prefix_and_nothing_else(
    topic_prefix: str, kafka_bootstrap: str, neo4j_auth: tuple[str, str, str]
) -> None:
    mine, neighbour = (f"{topic_prefix}cleanup-{uuid.uuid4().hex[:6]}" for _ in range(2))
    neighbour = neighbour.replace(".cleanup", "-neighbour.cleanup")  # shares no prefix
    for prefix in (f"{mine}.", f"{neighbour}."):
        asyncio.run(create_all(kafka_bootstrap, prefix))
    uri, user, password = neo4j_auth
    with GraphDatabase.driver(uri, auth=(user, password)) as driver:
        for ns in (mine, neighbour):
            driver.execute_query("UNWIND range(1, 3) AS i CREATE (:CleanupProbe {ns: $ns})", ns=ns)

    deleted = asyncio.run(delete_topics(kafka_bootstrap, f"{mine}."))
    nodes = delete_namespaces(uri, user, password, mine)

    left = asyncio.run(topic_names(kafka_bootstrap))
    assert deleted > 0 and not {t for t in left if t.startswith(f"{mine}.")}
    assert {t for t in left if t.startswith(f"{neighbour}.")}, "another prefix's topics survive"
    assert nodes == 3
    with GraphDatabase.driver(uri, auth=(user, password)) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n:CleanupProbe) WHERE n.ns IN [$mine, $neighbour] "
            "RETURN n.ns AS ns, count(*) AS nodes",
            mine=mine,
            neighbour=neighbour,
        )
    assert {r["ns"]: r["nodes"] for r in records} == {neighbour: 3}
