"""Stores match state and the events to announce in ONE transaction (a transactional outbox).

The worker then publishes the outbox to Kafka and deletes what was acknowledged. A crash between
the two only re-publishes events with the same CloudEvents id (match id + revision), which
consumers deduplicate; no change is lost and none is computed twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

_SAVE_MATCHES = """
UNWIND $rows AS row
MERGE (m:Match {uid: $ns + ':' + row.match_id})
  ON CREATE SET m.ns = $ns, m.id = row.match_id
SET m.status = row.status, m.revision = row.revision, m.fingerprint = row.fingerprint,
    m.score = row.score, m.kind = row.kind, m.subject_ids = row.subject_ids,
    m.regions = row.regions, m.themes = row.themes, m.snapshot = row.snapshot,
    m.reason_code = row.reason_code, m.changed_at = datetime()
WITH m, row
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

    async def save(
        self, matches: Sequence[dict[str, Any]], outbox: Sequence[OutboxRecord], position: int
    ) -> None:
        async def work(tx: AsyncManagedTransaction) -> None:
            if matches:
                await (await tx.run(_SAVE_MATCHES, rows=list(matches), ns=self._ns)).consume()
            rows = [
                {
                    "event_id": o.event_id,
                    "key": o.key,
                    "value": o.value.decode(),
                    "position": position + i,
                }
                for i, o in enumerate(outbox)
            ]
            if rows:
                await (await tx.run(_ADD_OUTBOX, rows=rows, ns=self._ns)).consume()

        async with self._driver.session(database=self._database) as session:
            await session.execute_write(work)

    async def pending(self, limit: int = 1000) -> list[OutboxRecord]:
        result = await self._driver.execute_query(
            _PENDING_OUTBOX, ns=self._ns, limit=limit, database_=self._database
        )
        return [OutboxRecord(r["event_id"], r["key"], r["value"].encode()) for r in result.records]

    async def delete(self, event_ids: Sequence[str]) -> None:
        await self._driver.execute_query(
            _DELETE_OUTBOX, ids=list(event_ids), ns=self._ns, database_=self._database
        )
