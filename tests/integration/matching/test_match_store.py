"""MatchStore with the real Neo4j: what subscribers last heard of a match is kept once, as the
match's own snapshot and status, and copied aside only while a quiet rebuild changes it."""

from __future__ import annotations

from typing import Any

import pytest
from matching.adapters.match_store import MatchStore
from matching.domain.rebuild import Announced
from matching.service_layer.announcements import row, seed_row
from neo4j import AsyncDriver

pytestmark = pytest.mark.integration


def data(score: float, revision: int) -> dict[str, Any]:
    return {
        "match_id": "m-1",
        "revision": revision,
        "kind": "partner_to_initiative",
        "subject_ids": ["p-1", "i-1"],
        "score": score,
        "regions": ["CR39"],
        "themes": ["circulaire-economie"],
    }


async def stored_announced(driver: AsyncDriver, ns: str) -> str | None:
    found = await driver.execute_query(
        "MATCH (m:Match {uid: $uid}) RETURN m.announced AS announced", uid=f"{ns}:m-1"
    )
    announced: str | None = found.records[0]["announced"]
    return announced


async def heard(store: MatchStore) -> Announced | None:
    [(unsettled, _)] = await store.unsettled()
    return unsettled.announced


async def test_an_announced_match_keeps_one_copy_and_a_quiet_change_keeps_what_was_heard(
    neo4j_driver: AsyncDriver, namespace: str
) -> None:
    store = MatchStore(neo4j_driver, "neo4j", namespace)
    await store.save([row("m-1", 3, data(0.6, 3), "f3", "proposed")], [], 0)
    assert await stored_announced(neo4j_driver, namespace) is None  # the snapshot says it

    await store.save([row("m-1", 3, data(0.7, 3), "f4", "proposed", pending="quiet")], [], 1)
    assert await heard(store) == Announced("m-1", "proposed", 3, data(0.6, 3))

    await store.save([row("m-1", 3, data(0.8, 3), "f5", "withdrawn", pending="quiet")], [], 2)
    assert await heard(store) == Announced("m-1", "proposed", 3, data(0.6, 3))  # still that

    await store.save([row("m-1", 4, data(0.8, 4), "f5", "proposed")], [], 3)  # announced
    assert await stored_announced(neo4j_driver, namespace) is None
    assert await store.unsettled() == []


async def test_a_seed_row_keeps_what_the_matches_topic_said(
    neo4j_driver: AsyncDriver, namespace: str
) -> None:
    store = MatchStore(neo4j_driver, "neo4j", namespace)
    await store.save([row("m-1", 1, data(0.5, 1), "f1", "proposed")], [], 0)
    said = Announced("m-1", "withdrawn", 2, data(0.5, 2))
    await store.save([seed_row(said)], [], 1)
    assert await heard(store) == said
    await store.save([row("m-1", 2, data(0.9, 2), "f9", "withdrawn", pending="quiet")], [], 2)
    assert await heard(store) == said
