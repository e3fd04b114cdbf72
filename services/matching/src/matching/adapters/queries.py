"""Read-only Cypher behind the coordinator API; every filter is a parameter, never spliced text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from neo4j import AsyncDriver

from matching.adapters.batch_transaction import as_dict

_LIST_FILTERS = """
WHERE m.status = $status
  AND ($kind IS NULL OR m.kind = $kind)
  AND m.score >= $min_score
  AND ($regions IS NULL OR any(r IN m.regions WHERE r IN $regions))
  AND ($themes IS NULL OR any(t IN m.themes WHERE t IN $themes))
  AND ($feedback IS NULL OR coalesce(m.feedback, 'none') = $feedback)
WITH m ORDER BY CASE WHEN $sort = 'score' THEN -m.score ELSE 0 END, m.changed_at DESC, m.id
WITH collect(m) AS found
RETURN size(found) AS total, [m IN found[$offset..$offset + $limit] | m {.snapshot, .status,
       .feedback, .feedback_by, .revision, changed_at: toString(m.changed_at)}] AS items
"""
# By subject: walk from the node (cost follows its own matches, not the size of the graph).
_LIST_BY_SUBJECT = (
    """
OPTIONAL MATCH (a:Partner {uid: $ns + ':' + $subject})
OPTIONAL MATCH (b:Initiative {uid: $ns + ':' + $subject})
OPTIONAL MATCH (c:NeedOffer {uid: $ns + ':' + $subject})
WITH coalesce(a, b, c) AS subject WHERE subject IS NOT NULL
// With $published, also the matches on the needs and offers the subject publishes.
OPTIONAL MATCH (subject)-[:PUBLISHES]->(own:NeedOffer) WHERE $published
WITH subject, collect(own) AS owned
UNWIND [subject] + owned AS node
MATCH (node)<-[:SUGGESTS]-(m:Match)
WITH DISTINCT m
"""
    + _LIST_FILTERS
)
_LIST_ALL = "MATCH (m:Match {ns: $ns})\n" + _LIST_FILTERS
_ONE = """
MATCH (m:Match {uid: $ns + ':' + $id})
RETURN m {.snapshot, .status, .feedback, .feedback_by, .revision, .reason_code,
          changed_at: toString(m.changed_at)} AS m
"""
_NETWORK = """
OPTIONAL MATCH (a:Partner {uid: $ns + ':' + $id})
OPTIONAL MATCH (b:Initiative {uid: $ns + ':' + $id})
OPTIONAL MATCH (c:NeedOffer {uid: $ns + ':' + $id})
WITH coalesce(a, b, c) AS center WHERE center IS NOT NULL
OPTIONAL MATCH path = (center)-[:MEMBER_OF|PART_OF|PUBLISHES*1..2]-(other)
WHERE other:Partner OR other:Initiative OR other:NeedOffer
WITH center, [p IN collect(path) WHERE p IS NOT NULL] AS paths
WITH center, reduce(ns = [center], p IN paths | ns + nodes(p)) AS nodes,
     reduce(rs = [], p IN paths | rs + relationships(p)) AS rels
UNWIND nodes AS n
WITH center, rels, collect(DISTINCT n) AS nodes
UNWIND (CASE WHEN size(rels) = 0 THEN [null] ELSE rels END) AS r
WITH nodes, collect(DISTINCT r) AS rels
RETURN [n IN nodes | {id: n.id, label: labels(n)[0], name: coalesce(n.name, n.title, n.id),
                      kind: n.kind, helix: n.helix, regions: n.regions, themes: n.themes,
                      status: n.status, pending: n.pending}] AS nodes,
       [r IN rels | {source: startNode(r).id, target: endNode(r).id, type: type(r),
                     role: r.role, since: r.since, until: r.until}] AS edges
"""
_INITIATIVES_WITH_MEMBERS = """
MATCH (i:Initiative {ns: $ns})
WHERE i.pending = false AND i.status <> 'closed'
  AND ($initiative IS NULL OR i.id = $initiative)
  AND ($regions IS NULL OR any(r IN i.regions WHERE r IN $regions))
  AND ($themes IS NULL OR any(t IN i.themes WHERE t IN $themes))
OPTIONAL MATCH (p:Partner)-[m:MEMBER_OF]->(i) WHERE m.until IS NULL
WITH i, collect(CASE WHEN p IS NULL THEN null ELSE {id: p.id, name: p.name,
     helix: coalesce(m.helix, p.helix), levels: coalesce(p.education_levels_offered, [])} END)
     AS members
OPTIONAL MATCH (i)-[:PART_OF]->(:Initiative)<-[pm:MEMBER_OF]-(pp:Partner) WHERE pm.until IS NULL
RETURN i.id AS id, i.name AS name, i.kind AS kind, i.regions AS regions, i.themes AS themes,
       i.education_levels AS levels, members,
       collect(DISTINCT coalesce(pm.helix, pp.helix)) AS parent_helixes
ORDER BY i.name
"""
# What the matcher proposes to these initiatives: the candidates a gap report suggests.
_PROPOSED_PARTNERS = """
UNWIND $ids AS id
MATCH (:Initiative {uid: $ns + ':' + id})<-[:SUGGESTS]-(m:Match {status: 'proposed'})
      -[:SUGGESTS]->(p:Partner)
RETURN id AS initiative_id, p.id AS partner_id, coalesce(p.name, p.id) AS name,
       p.helix AS helix, coalesce(p.education_levels_offered, []) AS levels, m.id AS match_id,
       m.score AS score, m.snapshot AS snapshot
"""
_LEARNED = """
MATCH (l:LearnedWeights {uid: $ns + ':learned-weights'})
RETURN l.decisions AS decisions, l.multipliers AS multipliers
"""
_COUNTS = """
MATCH (n:Partner {ns: $ns}) WHERE n.pending = false RETURN 'Partner' AS label, count(n) AS count
UNION ALL MATCH (n:Initiative {ns: $ns}) WHERE n.pending = false RETURN 'Initiative' AS label, count(n) AS count
UNION ALL MATCH (n:NeedOffer {ns: $ns}) RETURN 'NeedOffer' AS label, count(n) AS count
UNION ALL MATCH (n:Match {ns: $ns, status: 'proposed'}) RETURN 'Match' AS label, count(n) AS count
"""


@dataclass(frozen=True)
class MatchPage:
    total: int
    items: list[dict[str, Any]]


def _present(m: dict[str, Any]) -> dict[str, Any]:
    snapshot = orjson.loads(m.pop("snapshot") or "{}")
    return {**snapshot, **{k: v for k, v in m.items() if v is not None}}


class MatchQueries:
    def __init__(self, driver: AsyncDriver, database: str, namespace: str) -> None:
        self._driver = driver
        self._database = database
        self._ns = namespace

    async def _records(self, query: str, **params: Any) -> list[dict[str, Any]]:
        result = await self._driver.execute_query(
            query, ns=self._ns, database_=self._database, routing_="r", **params
        )
        return [as_dict(r) for r in result.records]

    async def list_matches(
        self,
        *,
        status: str = "proposed",
        kind: str | None = None,
        min_score: float = 0.0,
        subject: str | None = None,
        published: bool = True,
        regions: list[str] | None = None,
        themes: list[str] | None = None,
        feedback: str | None = None,
        sort: str = "score",
        limit: int = 50,
        offset: int = 0,
    ) -> MatchPage:
        rows = await self._records(
            _LIST_BY_SUBJECT if subject else _LIST_ALL,
            status=status,
            kind=kind,
            min_score=min_score,
            subject=subject,
            published=published,
            regions=regions,
            themes=themes,
            feedback=feedback,
            sort=sort,
            limit=limit,
            offset=offset,
        )
        if not rows:
            return MatchPage(0, [])
        return MatchPage(int(rows[0]["total"]), [_present(dict(m)) for m in rows[0]["items"]])

    async def get_match(self, match_id: str) -> dict[str, Any] | None:
        rows = await self._records(_ONE, id=match_id)
        if not rows or rows[0]["m"] is None or not rows[0]["m"].get("snapshot"):
            return None
        return _present(dict(rows[0]["m"]))

    async def network(self, node_id: str) -> dict[str, Any] | None:
        rows = await self._records(_NETWORK, id=node_id)
        if not rows:
            return None
        return {"nodes": rows[0]["nodes"], "edges": [e for e in rows[0]["edges"] if e]}

    async def initiatives_with_members(
        self, regions: list[str] | None, themes: list[str] | None, initiative: str | None = None
    ) -> list[dict[str, Any]]:
        return await self._records(
            _INITIATIVES_WITH_MEMBERS, regions=regions, themes=themes, initiative=initiative
        )

    async def proposed_partners(self, initiative_ids: list[str]) -> list[dict[str, Any]]:
        """The partners proposed to these initiatives, with score and reasons."""
        rows = await self._records(_PROPOSED_PARTNERS, ids=initiative_ids)
        for row in rows:
            snapshot = orjson.loads(row.pop("snapshot") or "{}")
            row["top_reasons_en"] = snapshot.get("top_reasons_en", "")
            row["top_reasons_nl"] = snapshot.get("top_reasons_nl", "")
        return rows

    async def learned_weights(self) -> dict[str, Any]:
        """How many coordinator decisions the weights were learned from, and the factor each
        criterion's weight is multiplied by (none yet: every factor is 1)."""
        rows = await self._records(_LEARNED)
        if not rows:
            return {"decisions": 0, "multipliers": {}}
        return {
            "decisions": rows[0]["decisions"],
            "multipliers": orjson.loads(rows[0]["multipliers"] or "{}"),
        }

    async def counts(self) -> dict[str, int]:
        return {row["label"]: row["count"] for row in await self._records(_COUNTS)}
