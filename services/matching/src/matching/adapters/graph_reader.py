"""Reads profiles, candidates and stored matches from Neo4j for incremental re-scoring.

Candidate queries start from the touched node and walk to nodes that share a theme (exact or
under the same theme group), stopping at `limit`: the work per event depends on the
neighbourhood, not on the size of the graph. Above the limit the first candidates by id are
taken, so a live build and a replay score the same ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from neo4j import AsyncDriver

from matching.domain.match_changes import Stored
from matching.domain.profiles import InitiativeProfile, Member, NeedOfferProfile, PartnerProfile

_INITIATIVES = """
UNWIND $ids AS id
MATCH (i:Initiative {uid: $ns + ':' + id})
OPTIONAL MATCH (p:Partner)-[m:MEMBER_OF]->(i)
WITH i, collect(CASE WHEN p IS NULL THEN null ELSE {partner_id: p.id, name: coalesce(p.name, p.id),
     helix: coalesce(m.helix, p.helix, 'maatschappij'), levels: coalesce(p.education_levels_offered, []),
     active: m.until IS NULL} END) AS members
OPTIONAL MATCH (i)-[:PART_OF]->(parent:Initiative)
OPTIONAL MATCH (pp:Partner)-[pm:MEMBER_OF]->(parent) WHERE pm.until IS NULL
RETURN i {.*} AS props, members, parent.id AS parent_id, collect(pp.id) AS parent_members
"""
_PARTNERS = """
UNWIND $ids AS id
MATCH (p:Partner {uid: $ns + ':' + id})
OPTIONAL MATCH (p)-[m:MEMBER_OF]->(i:Initiative) WHERE m.until IS NULL
RETURN p {.*} AS props, collect(i.id) AS memberships
"""
_NEED_OFFERS = """
UNWIND $ids AS id
MATCH (n:NeedOffer {uid: $ns + ':' + id})
OPTIONAL MATCH (pub)-[:PUBLISHES]->(n)
RETURN n {.*} AS props, coalesce(pub.name, n.publisher_id) AS publisher_name
"""
_SAME_THEME = """
UNWIND $ids AS id
CALL (id) {
  MATCH (start:%(from)s {uid: $ns + ':' + id})-[:ABOUT]->(:Theme)-[:SUBTHEME_OF*0..1]->(:Theme)
        <-[:SUBTHEME_OF*0..1]-(:Theme)<-[:ABOUT]-(c:%(to)s)
  WHERE c.pending = false AND c <> start
  WITH DISTINCT c ORDER BY c.id LIMIT $limit
  RETURN collect(c.id) AS candidates
}
RETURN id, candidates
"""
_TABLES_OF_PARENTS = """
UNWIND $ids AS id
CALL (id) {
  MATCH (:Partner {uid: $ns + ':' + id})-[:MEMBER_OF]->(:Initiative)<-[:PART_OF]-(t:Initiative)
  WITH DISTINCT t ORDER BY t.id LIMIT $limit
  RETURN collect(t.id) AS candidates
}
RETURN id, candidates
"""
_OPPOSITE_NEED_OFFERS = """
UNWIND $ids AS id
CALL (id) {
  MATCH (n:NeedOffer {uid: $ns + ':' + id})
  MATCH (o:NeedOffer {ns: $ns, type: n.type})
  WHERE o.direction <> n.direction AND o.status = 'open' AND o.pending = false
  WITH o ORDER BY o.id LIMIT $limit
  RETURN collect(o.id) AS candidates
}
RETURN id, candidates
"""
_QUOTING = """
UNWIND $ids AS id
CALL (id) {
  MATCH (:Partner {uid: $ns + ':' + id})-[m:MEMBER_OF]->(i:Initiative) WHERE m.until IS NULL
  RETURN 'Initiative' AS label, i.id AS quoting
  UNION
  MATCH (:Partner {uid: $ns + ':' + id})-[:PUBLISHES]->(n:NeedOffer)
  RETURN 'NeedOffer' AS label, n.id AS quoting
  UNION
  MATCH (:Initiative {uid: $ns + ':' + id})-[:PUBLISHES]->(n:NeedOffer)
  RETURN 'NeedOffer' AS label, n.id AS quoting
}
RETURN DISTINCT label, quoting
"""
_STORED_BY_SUBJECT = """
UNWIND $ids AS id
MATCH (:%s {uid: $ns + ':' + id})<-[:SUGGESTS]-(m:Match)
RETURN DISTINCT m {.id, .status, .revision, .fingerprint, .score, .feedback, .subject_ids, .kind} AS m
"""
_SNAPSHOTS = """
UNWIND $ids AS id
MATCH (m:Match {uid: $ns + ':' + id})
RETURN m.id AS id, m.snapshot AS snapshot
"""
_STORED_BY_ID = """
UNWIND $ids AS id
MATCH (m:Match {uid: $ns + ':' + id})
RETURN m {.id, .status, .revision, .fingerprint, .score, .feedback, .subject_ids, .kind} AS m
"""


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else ()


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


class GraphReader:
    def __init__(self, driver: AsyncDriver, database: str, namespace: str, limit: int) -> None:
        self._driver = driver
        self._database = database
        self._ns = namespace
        self._limit = limit

    async def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        result = await self._driver.execute_query(
            query, ns=self._ns, database_=self._database, **params
        )
        return [record.data() for record in result.records]

    async def initiatives(self, ids: Iterable[str]) -> dict[str, InitiativeProfile]:
        found: dict[str, InitiativeProfile] = {}
        for row in await self._rows(_INITIATIVES, ids=sorted(set(ids))):
            p = row["props"]
            members = tuple(
                Member(m["partner_id"], m["name"], m["helix"], _tuple(m["levels"]), m["active"])
                for m in sorted(row["members"], key=lambda m: m["partner_id"])
            )
            found[p["id"]] = InitiativeProfile(
                id=p["id"],
                name=p.get("name", p["id"]),
                kind=p.get("kind", ""),
                status=p.get("status", ""),
                themes=_tuple(p.get("themes")),
                regions=_tuple(p.get("regions")),
                levels=_tuple(p.get("education_levels")),
                target_groups=_tuple(p.get("target_groups")),
                challenges=_tuple(p.get("challenges")),
                collaboration_type=p.get("collaboration_type"),
                parent_id=row["parent_id"],
                parent_members=frozenset(row["parent_members"]),
                members=members,
                opt_in=p.get("opt_in", True),
                pending=p.get("pending", True),
            )
        return found

    async def partners(self, ids: Iterable[str]) -> dict[str, PartnerProfile]:
        found: dict[str, PartnerProfile] = {}
        for row in await self._rows(_PARTNERS, ids=sorted(set(ids))):
            p = row["props"]
            found[p["id"]] = PartnerProfile(
                id=p["id"],
                name=p.get("name", p["id"]),
                kind=p.get("kind", ""),
                helix=p.get("helix", "maatschappij"),
                themes=_tuple(p.get("themes")),
                regions=_tuple(p.get("regions")),
                levels=_tuple(p.get("education_levels_offered")),
                target_groups=_tuple(p.get("target_groups")),
                challenges=_tuple(p.get("challenges")),
                facilities=_tuple(p.get("facilities")),
                opt_in=p.get("opt_in", True),
                pending=p.get("pending", True),
                has_coordinator=p.get("has_coordinator", False),
                active_memberships=frozenset(row["memberships"]),
            )
        return found

    async def need_offers(self, ids: Iterable[str]) -> dict[str, NeedOfferProfile]:
        found: dict[str, NeedOfferProfile] = {}
        for row in await self._rows(_NEED_OFFERS, ids=sorted(set(ids))):
            p = row["props"]
            found[p["id"]] = NeedOfferProfile(
                id=p["id"],
                direction=p.get("direction", ""),
                type=p.get("type", ""),
                title=p.get("title", p["id"]),
                publisher_id=p.get("publisher_id", ""),
                publisher_name=row["publisher_name"],
                status=p.get("status", ""),
                themes=_tuple(p.get("themes")),
                levels=_tuple(p.get("education_levels")),
                target_groups=_tuple(p.get("target_groups")),
                region=p.get("region"),
                quantity=p.get("quantity"),
                valid_from=_date(p.get("valid_from")),
                valid_until=_date(p.get("valid_until")),
                pending=p.get("pending", True),
            )
        return found

    async def _candidates(self, query: str, ids: Iterable[str]) -> dict[str, list[str]]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = await self._rows(query, ids=wanted, limit=self._limit)
        return {row["id"]: sorted(row["candidates"]) for row in rows}

    async def same_theme(
        self, from_label: str, ids: Iterable[str], to_label: str
    ) -> dict[str, list[str]]:
        """Per node: up to `limit` nodes sharing a theme or a theme group with it."""
        return await self._candidates(_SAME_THEME % {"from": from_label, "to": to_label}, ids)

    async def tables_of_parents(self, partner_ids: Iterable[str]) -> dict[str, list[str]]:
        """Per partner: innovation tables of the initiatives it is a member of."""
        return await self._candidates(_TABLES_OF_PARENTS, partner_ids)

    async def opposite_need_offers(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """Per need (offer): open offers (needs) of the same type."""
        return await self._candidates(_OPPOSITE_NEED_OFFERS, ids)

    async def stored_for_subjects(self, label: str, ids: Iterable[str]) -> dict[str, Stored]:
        rows = await self._rows(_STORED_BY_SUBJECT % label, ids=sorted(set(ids)))
        return {s.match_id: s for s in (_stored(row["m"]) for row in rows)}

    async def quoting(self, ids: Iterable[str]) -> tuple[set[str], set[str]]:
        """Initiatives the partners are active members of, and needs/offers they publish."""
        wanted = sorted(set(ids))
        rows = await self._rows(_QUOTING, ids=wanted) if wanted else []
        initiatives = {r["quoting"] for r in rows if r["label"] == "Initiative"}
        return initiatives, {r["quoting"] for r in rows if r["label"] == "NeedOffer"}

    async def snapshots(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = await self._rows(_SNAPSHOTS, ids=wanted)
        return {row["id"]: json.loads(row["snapshot"]) for row in rows if row["snapshot"]}

    async def stored_by_id(self, ids: Iterable[str]) -> dict[str, Stored]:
        rows = await self._rows(_STORED_BY_ID, ids=sorted(set(ids)))
        return {s.match_id: s for s in (_stored(row["m"]) for row in rows)}


def _stored(m: dict[str, Any]) -> Stored:
    return Stored(
        match_id=m["id"],
        status=m.get("status", "unknown"),
        revision=m.get("revision", 0),
        fingerprint=m.get("fingerprint", ""),
        score=m.get("score", 0.0),
        feedback=m.get("feedback"),
        subject_ids=_tuple(m.get("subject_ids")),
        kind=m.get("kind") or "",
    )
