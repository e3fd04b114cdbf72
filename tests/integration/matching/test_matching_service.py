"""MatchingService.handle with the real Neo4j and Kafka: a batch of registry events ends as match
events on the matches topic, and each change is announced exactly once, however often the same
records are handled again (a redelivery after a crash before the offset commit)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
import pytest
import pytest_asyncio
from livinglab_contracts import MATCHES_TOPIC, canonical_json, parse_event
from matching.adapters.kafka_producer import EventProducer
from matching.bootstrap import build_service
from matching.config import Settings
from matching.domain.match_changes import Change
from matching.service_layer.handlers import MatchingService, Record
from matching.service_layer.rescoring import Rescorer
from neo4j import AsyncDriver

from scripts.create_topics import create_all
from tests.integration.matching.graph_state import matches
from tests.integration.matching.kafka_tools import read_topic
from tests.support.events import event, unique

pytestmark = pytest.mark.integration


@pytest_asyncio.fixture(scope="module")
async def topic_set(topic_prefix: str, kafka_bootstrap: str) -> str:
    prefix = f"{topic_prefix}svc-{uuid.uuid4().hex[:6]}."
    await create_all(kafka_bootstrap, prefix)
    return prefix


@dataclass
class Harness:
    service: MatchingService
    ns: str
    topics: str
    bootstrap: str
    settings: Settings
    producer: EventProducer
    offset: int = 0

    def records(self, raws: list[dict[str, Any]]) -> list[Record]:
        found = []
        for raw in raws:
            self.offset += 1
            topic = self.topics + "registry.partners.v1"
            value = canonical_json(parse_event(raw))
            found.append(Record(topic, raw["subject"].encode(), value, 0, self.offset))
        return found

    async def announced(self) -> list[dict[str, Any]]:
        """Every match event on the matches topic for this namespace's subjects."""
        return await read_topic(self.bootstrap, self.topics + MATCHES_TOPIC)


@pytest_asyncio.fixture
async def harness(
    neo4j_driver: AsyncDriver,
    namespace: str,
    topic_set: str,
    producer: EventProducer,
    kafka_bootstrap: str,
    neo4j_auth: tuple[str, str, str],
) -> Harness:
    settings = Settings(
        graph_namespace=namespace,
        topic_prefix=topic_set,
        kafka_bootstrap_servers=kafka_bootstrap,
        neo4j_uri=neo4j_auth[0],
    )
    service = build_service(settings, neo4j_driver, producer)
    await service._writer.ensure_schema()
    return Harness(service, namespace, topic_set, kafka_bootstrap, settings, producer)


def network() -> tuple[dict[str, str], list[dict[str, Any]]]:
    ids = {n: unique(n) for n in ("i-cop", "p-vista", "p-province", "p-vmbo")}
    i, v, p, s = ids["i-cop"], ids["p-vista"], ids["p-province"], ids["p-vmbo"]
    events = [
        event(
            "initiative.registered",
            i,
            {
                "initiative_id": i,
                "name": "CoP Chemelot",
                "kind": "community_of_practice",
                "themes": ["procesindustrie"],
                "regions": ["CR39"],
            },
        ),
        event(
            "partner.registered",
            v,
            {
                "partner_id": v,
                "name": "VISTA college",
                "kind": "roc",
                "education_levels_offered": ["mbo"],
                "themes": ["procestechniek"],
                "regions": ["CR39"],
            },
        ),
        event(
            "partner.joined-initiative",
            v,
            {"partner_id": v, "initiative_id": i, "since": "2021-01-01"},
            2,
        ),
        event(
            "partner.registered",
            p,
            {
                "partner_id": p,
                "name": "Provincie Limburg",
                "kind": "provincie",
                "themes": ["procesindustrie"],
                "regions": ["NL42"],
            },
        ),
        event(
            "partner.registered",
            s,
            {
                "partner_id": s,
                "name": "vmbo Sittard-Geleen",
                "kind": "school_vo",
                "education_levels_offered": ["vmbo"],
                "themes": ["procestechniek"],
                "regions": ["GM1883"],
            },
        ),
    ]
    return ids, events


def about(events: list[dict[str, Any]], *subjects: str) -> list[dict[str, Any]]:
    """The events about all of `subjects`, in revision order (one match lives in one partition)."""
    found = [e for e in events if set(subjects) <= set(e["data"]["subject_ids"])]
    return sorted(found, key=lambda e: (e["subject"], e["sequence"]))


async def test_a_batch_ends_as_match_events_and_handling_it_again_emits_nothing(
    harness: Harness,
) -> None:
    ids, raws = network()
    batch = harness.records(raws)

    outcome = await harness.service.handle(batch)

    assert (outcome.applied, outcome.dead_lettered) == (len(raws), 0)
    assert outcome.changes >= 2
    mine = about(await harness.announced(), ids["i-cop"])
    assert {e["type"] for e in mine} == {"nl.livinglab.match.proposed.v1"}
    assert len(mine) == outcome.changes
    assert len({e["id"] for e in mine}) == len(mine) and all(e["id"].endswith(":1") for e in mine)
    [province] = about(mine, ids["p-province"])
    assert "government (province)" in next(
        c["reason_en"] for c in province["data"]["criteria"] if c["id"] == "M2"
    )
    [vmbo] = about(mine, ids["p-vmbo"])
    m4 = next(c for c in vmbo["data"]["criteria"] if c["id"] == "M4")
    assert m4["subscore"] == 1.0 and "VISTA college" in m4["reason_en"]
    assert set(await matches(harness.service._store._driver, harness.ns)) == {
        e["subject"] for e in mine
    }

    again = await harness.service.handle(batch)  # redelivered: same records, same offsets

    assert (again.applied, again.changes) == (len(raws), 0)
    assert about(await harness.announced(), ids["i-cop"]) == mine


async def test_a_change_is_announced_once_as_update_or_withdrawal(harness: Harness) -> None:
    ids, raws = network()
    await harness.service.handle(harness.records(raws))
    i, p, s = ids["i-cop"], ids["p-province"], ids["p-vmbo"]
    closer = event("partner.updated", p, {"partner_id": p, "regions": ["CR39"]}, 2)
    joins = event(
        "partner.joined-initiative",
        s,
        {"partner_id": s, "initiative_id": i, "since": "2026-01-01"},
        2,
    )
    change = harness.records([closer, joins])

    await harness.service.handle(change)
    await harness.service.handle(change)

    mine = about(await harness.announced(), i)
    updated = [e for e in about(mine, p) if e["type"] == "nl.livinglab.match.updated.v1"]
    assert [e["id"].rsplit(":", 1)[1] for e in updated] == ["2"]
    assert updated[0]["data"]["previous_score"] < updated[0]["data"]["score"]
    withdrawn = [e for e in about(mine, s) if e["type"] == "nl.livinglab.match.withdrawn.v1"]
    assert len(withdrawn) == 1 and withdrawn[0]["data"]["reason_code"] == "now_member"


async def test_a_declined_match_is_withdrawn_once_and_not_proposed_again(
    harness: Harness,
) -> None:
    ids, raws = network()
    await harness.service.handle(harness.records(raws))
    [proposal] = about(await harness.announced(), ids["p-province"], ids["i-cop"])
    match_id = proposal["subject"]
    decline = event(
        "match.declined",
        match_id,
        {"match_id": match_id, "by": {"key_id": "k1", "system": "coordinator-zl"}},
        source="/services/matching-feedback",
    )
    retheme = event(
        "partner.updated",
        ids["p-province"],
        {"partner_id": ids["p-province"], "regions": ["CR39"]},
        2,
    )

    await harness.service.handle(harness.records([decline]))
    await harness.service.handle(harness.records([decline, retheme]))

    events = about(await harness.announced(), ids["p-province"], ids["i-cop"])
    assert [(e["type"].split(".")[3], e["data"].get("reason_code")) for e in events] == [
        ("proposed", None),
        ("withdrawn", "declined"),
    ]


async def test_a_poison_record_goes_to_the_dead_letter_topic(harness: Harness) -> None:
    topic = harness.topics + "registry.partners.v1"
    marker = unique("poison")
    poison = Record(topic, b"p-x", orjson.dumps({"id": marker, "type": "nope"}), 1, 7)

    outcome = await harness.service.handle([poison])

    assert (outcome.applied, outcome.dead_lettered) == (0, 1)
    dead = await read_topic(harness.bootstrap, topic + ".dlq", 1)
    assert any(d.get("id") == marker for d in dead)


class GatedRescorer:
    """Re-scores, then waits at a gate before handing its result back to be saved."""

    def __init__(self, inner: Rescorer) -> None:
        self._inner = inner
        self.has_read = asyncio.Event()
        self.gate = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def changes(
        self,
        written: Iterable[str],
        feedback_match_ids: Iterable[str] = (),
        reasons: Mapping[str, str] | None = None,
    ) -> list[Change]:
        found = await self._inner.changes(written, feedback_match_ids, reasons)
        self.has_read.set()
        await self.gate.wait()
        return found


async def membership_open(service: MatchingService, partner_id: str, ns: str) -> bool:
    result = await service._store._driver.execute_query(
        "MATCH (:Partner {uid: $uid})-[m:MEMBER_OF]->() RETURN m.until IS NULL AS open",
        uid=f"{ns}:{partner_id}",
    )
    return bool(result.records[0]["open"])


async def test_two_workers_on_one_namespace_take_turns_so_no_stale_score_is_saved_last(
    harness: Harness,
) -> None:
    ids, raws = network()
    await harness.service.handle(harness.records(raws))
    i, p, v = ids["i-cop"], ids["p-province"], ids["p-vista"]
    coordinator = {"partner_id": p, "has_coordinator": True}
    slow = harness.records([event("partner.updated", p, coordinator, 2)])
    leaves = {"partner_id": v, "initiative_id": i, "until": "2026-06-01"}
    fast = harness.records([event("partner.left-initiative", v, leaves, 3)])
    # A second worker of the same deployment: its own service objects, the same namespace.
    second = build_service(harness.settings, harness.service._store._driver, harness.producer)
    gated = GatedRescorer(second._rescorer)
    second._rescorer = gated  # type: ignore[assignment]

    # Worker 2 writes its batch and has read the neighbourhood, but not saved yet...
    slow_batch = asyncio.create_task(second.handle(slow))
    await asyncio.wait_for(gated.has_read.wait(), 60)
    # ...while worker 1 gets a batch about the same initiative.
    fast_batch = asyncio.create_task(harness.service.handle(fast))
    await asyncio.sleep(1.0)
    # Worker 1 waits for its turn: had it written, worker 2 would save a score read before it.
    assert not fast_batch.done()
    assert await membership_open(harness.service, v, harness.ns)

    gated.gate.set()
    await asyncio.wait_for(asyncio.gather(slow_batch, fast_batch), 60)

    assert not await membership_open(harness.service, v, harness.ns)
    # The stored matches are what the graph now implies: nothing is left to re-score.
    assert await harness.service._rescorer.changes((), rescore={i, p, v}) == []
