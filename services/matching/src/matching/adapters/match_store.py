"""Stores match state and the events to announce in ONE transaction (a transactional outbox).

The worker then publishes the outbox to Kafka and deletes what was acknowledged. A crash between
the two only re-publishes events with the same CloudEvents id (match id + revision), which
consumers deduplicate; no change is lost and none is computed twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver

from matching.adapters.batch_transaction import Queries, Transaction
from matching.adapters.brief_list import BriefList
from matching.domain.learning import LearnedWeights
from matching.domain.rebuild import Announced, Unsettled

_SAVE_LEARNED = """
MERGE (l:LearnedWeights {uid: $ns + ':learned-weights'})
SET l.ns = $ns, l.decisions = $decisions, l.multipliers = $multipliers
"""
_SAVE_MATCHES = """
UNWIND $rows AS row
MERGE (m:Match {uid: $ns + ':' + row.match_id})
  ON CREATE SET m.ns = $ns, m.id = row.match_id
// A match's subjects never change (its id is made of them): link them until both links exist
// (a match seeded by a rebuild may come before its subjects).
WITH m, row, COUNT { (m)-[:SUGGESTS]->() } < size(row.subject_ids) AS unlinked
// What subscribers last heard: the row's snapshot and status once it is announced (kept as
// null, not as a second copy), else what the match held before this row (a quiet rebuild), or
// what a seed row read off the matches topic. Set first: it may read the state it replaces.
SET m.announced = CASE
    WHEN row.announced IS NOT NULL THEN row.announced
    WHEN row.pending IS NULL THEN null
    WHEN m.announced IS NOT NULL THEN m.announced
    WHEN m.snapshot IS NOT NULL AND m.pending IS NULL
      THEN '{"status": "' + m.status + '", "data": ' + m.snapshot + '}'
    ELSE null
  END
SET m.status = row.status, m.revision = row.revision, m.fingerprint = row.fingerprint,
    m.score = row.score, m.kind = row.kind, m.subject_ids = row.subject_ids,
    m.regions = row.regions, m.themes = row.themes, m.snapshot = row.snapshot,
    m.reason_code = row.reason_code, m.changed_at = datetime(), m.pending = row.pending
WITH m, row WHERE unlinked
UNWIND range(0, size(row.subject_ids) - 1) AS index
WITH m, row.subject_ids[index] AS sid, row.labels[index] AS label
CALL (m, sid, label) {
  WITH m, sid, label WHERE label = 'Partner'
  MATCH (s:Partner {uid: $ns + ':' + sid})
  MERGE (m)-[:SUGGESTS]->(s)
}
CALL (m, sid, label) {
  WITH m, sid, label WHERE label = 'Initiative'
  MATCH (s:Initiative {uid: $ns + ':' + sid})
  MERGE (m)-[:SUGGESTS]->(s)
}
CALL (m, sid, label) {
  WITH m, sid, label WHERE label = 'NeedOffer'
  MATCH (s:NeedOffer {uid: $ns + ':' + sid})
  MERGE (m)-[:SUGGESTS]->(s)
}
"""
_ADD_OUTBOX = """
UNWIND $rows AS row
MERGE (o:Outbox {uid: $ns + ':' + row.event_id})
  ON CREATE SET o.ns = $ns, o.event_id = row.event_id, o.key = row.key, o.value = row.value,
                o.position = row.position
"""
_PENDING_OUTBOX = """
MATCH (o:Outbox {ns: $ns}) RETURN o.event_id AS event_id, o.key AS key, o.value AS value
ORDER BY o.position LIMIT $limit
"""
_DELETE_OUTBOX = "UNWIND $ids AS id MATCH (o:Outbox {uid: $ns + ':' + id}) DELETE o"
_HAS_STATE = """
OPTIONAL MATCH (mark:RebuildMark {uid: $ns + ':rebuild-mark'})
CALL () { OPTIONAL MATCH (m:Match {ns: $ns}) WITH m LIMIT 1 RETURN m IS NOT NULL AS has_matches }
RETURN mark.offsets AS offsets, mark.complete AS complete, has_matches
"""
_WRITE_MARK = """
MERGE (mark:RebuildMark {uid: $ns + ':rebuild-mark'})
SET mark.ns = $ns, mark.offsets = $offsets, mark.complete = $complete
"""
_UNSETTLED = """
MATCH (m:Match) WHERE m.pending IS NOT NULL AND m.ns = $ns
RETURN m {.id, .pending, .status, .revision, .fingerprint, .snapshot, .announced, .reason_code}
       AS m
ORDER BY m.id LIMIT $limit
"""
_SETTLE_QUIETLY = """
UNWIND $rows AS row
MATCH (m:Match {uid: $ns + ':' + row.match_id})
SET m.pending = null, m.status = row.status
"""


@dataclass(frozen=True)
class OutboxRecord:
    event_id: str
    key: str
    value: bytes


class MatchStore:
    def __init__(self, driver: AsyncDriver, database: str, namespace: str) -> None:
        self._driver = driver
        self._database = database
        self._ns = namespace
        self.queries = Queries(driver, database, namespace)

    async def save(
        self, matches: Sequence[dict[str, Any]], outbox: Sequence[OutboxRecord], position: int
    ) -> None:
        async def work(tx: Transaction) -> None:
            if matches:
                await (await tx.run(_SAVE_MATCHES, rows=BriefList(matches), ns=self._ns)).consume()
            rows = BriefList(
                {
                    "event_id": o.event_id,
                    "key": o.key,
                    "value": o.value.decode(),
                    "position": position + i,
                }
                for i, o in enumerate(outbox)
            )
            if rows:
                await (await tx.run(_ADD_OUTBOX, rows=rows, ns=self._ns)).consume()

        if self.queries.transaction is not None:  # the batch's (adapters/batch_transaction.py)
            await work(self.queries.transaction)
            return
        async with self._driver.session(database=self._database) as session:
            await session.execute_write(work)

    async def save_learned(self, learned: LearnedWeights) -> None:
        """What the decisions taught, for GET /v1/stats (the worker keeps its own copy)."""
        await self.queries.run(
            _SAVE_LEARNED,
            decisions=learned.decisions,
            multipliers=json.dumps(dict(learned.multipliers), sort_keys=True),
        )

    async def pending(self, limit: int = 1000) -> list[OutboxRecord]:
        result = await self._driver.execute_query(
            _PENDING_OUTBOX, ns=self._ns, limit=limit, database_=self._database
        )
        return [OutboxRecord(r["event_id"], r["key"], r["value"].encode()) for r in result.records]

    async def delete(self, event_ids: Sequence[str]) -> None:
        """Deletes published outbox records (in a transaction of their own)."""
        await self._driver.execute_query(
            _DELETE_OUTBOX, ids=BriefList(event_ids), ns=self._ns, database_=self._database
        )

    async def rebuild_state(self) -> tuple[bool, dict[str, int] | None, bool]:
        """(whether the namespace holds matches, the rebuild mark's offsets, whether seeding
        from the history completed)."""
        result = await self._driver.execute_query(_HAS_STATE, ns=self._ns, database_=self._database)
        record = result.records[0]
        offsets = json.loads(record["offsets"]) if record["offsets"] else None
        return bool(record["has_matches"]), offsets, bool(record["complete"])

    async def write_mark(self, offsets: dict[str, int], complete: bool) -> None:
        await self._driver.execute_query(
            _WRITE_MARK,
            ns=self._ns,
            offsets=json.dumps(offsets, sort_keys=True),
            complete=complete,
            database_=self._database,
        )

    async def unsettled(self, limit: int = 500) -> list[tuple[Unsettled, str]]:
        """Pending matches with their current fingerprint, a page at a time."""
        found = []
        for record in await self.queries.rows(_UNSETTLED, limit=limit):
            m = record["m"]
            heard = json.loads(m["announced"]) if m.get("announced") else None
            announced = (
                Announced(m["id"], heard["status"], int(heard["data"]["revision"]), heard["data"])
                if heard
                else None
            )
            unsettled = Unsettled(
                match_id=m["id"],
                pending=m["pending"],
                status=m.get("status") or "withdrawn",
                revision=m.get("revision") or 0,
                snapshot=json.loads(m["snapshot"]) if m.get("snapshot") else {},
                announced=announced,
                reason_code=m.get("reason_code") or "",
            )
            found.append((unsettled, m.get("fingerprint") or ""))
        return found

    async def settle_quietly(self, statuses: Sequence[tuple[str, str]]) -> None:
        """Matches whose state subscribers already heard: only no longer pending."""
        rows = [{"match_id": match_id, "status": status} for match_id, status in statuses]
        await self.queries.run(_SETTLE_QUIETLY, rows=rows)
