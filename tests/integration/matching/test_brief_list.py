"""Query parameters wrapped in BriefList reach Neo4j as lists, and the driver's debug log
names their length instead of printing them."""

from __future__ import annotations

import logging

import pytest
from matching.adapters.batch_transaction import Queries
from neo4j import AsyncDriver

pytestmark = pytest.mark.integration

ROWS = [{"id": f"row-{n}", "snapshot": "x" * 100, "ids": ["a", "b"]} for n in range(3)]


async def test_rows_arrive_whole_and_are_not_logged(
    neo4j_driver: AsyncDriver, namespace: str, caplog: pytest.LogCaptureFixture
) -> None:
    queries = Queries(neo4j_driver, "neo4j", namespace)
    with caplog.at_level(logging.DEBUG, logger="neo4j"):
        echoed = await queries.rows("UNWIND $rows AS row RETURN row", rows=ROWS)

    assert [r["row"] for r in echoed] == ROWS
    sent = [r.getMessage() for r in caplog.records if "C: RUN" in r.getMessage()]
    assert sent, "the driver logged no RUN message"
    assert all("row-0" not in message for message in sent)
    assert any("'rows': <3 items>" in message for message in sent)
