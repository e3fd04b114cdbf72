"""Reads profiles and stored matches from Neo4j for the worker's in-memory network.

Profiles are read as GraphState (domain) builds them from the same rows, through the same
mapping functions, so a live service and the in-memory evaluation score the same profiles.
Every node the worker writes gets `v`, the namespace's batch version: a worker catches up with
what other workers wrote by reading the nodes with a newer `v`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from neo4j import AsyncDriver

from matching.adapters.batch_transaction import Queries
from matching.domain.graph_state import (
    initiative_profile,
    need_offer_profile,
    partner_profile,
)
from matching.domain.match_changes import Stored
from matching.domain.profiles import InitiativeProfile, Member, NeedOfferProfile, PartnerProfile

Profile = PartnerProfile | InitiativeProfile | NeedOfferProfile

_INITIATIVES = """
UNWIND $ids AS id
MATCH (i:Initiative {uid: $ns + ':' + id})
OPTIONAL MATCH (p:Partner)-[m:MEMBER_OF]->(i)
WITH i, collect(CASE WHEN p IS NULL THEN null ELSE {partner_id: p.id,
     name: coalesce(p.name, p.id), helix: coalesce(m.helix, p.helix, 'maatschappij'),
     levels: coalesce(p.education_levels_offered, []), active: m.until IS NULL} END) AS members
OPTIONAL MATCH (i)-[:PART_OF]->(parent:Initiative)
OPTIONAL MATCH (pp:Partner)-[pm:MEMBER_OF]->(parent)
WITH i, members, parent, collect(CASE WHEN pp IS NULL THEN null ELSE {partner_id: pp.id,
     name: coalesce(pp.name, pp.id), helix: coalesce(pm.helix, pp.helix, 'maatschappij'),
     levels: coalesce(pp.education_levels_offered, []), active: pm.until IS NULL} END)
     AS parent_members
OPTIONAL MATCH (i)-[:PUBLISHES]->(n:NeedOffer)
RETURN i {.*} AS props, members, parent.id AS parent_id, parent_members,
       collect(n {.*}) AS needs
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
RETURN n {.*} AS props, pub.name AS publisher_name
"""
# Nodes whose profile shows something of these (GraphState.quoting does the same in memory).
_QUOTING = """
UNWIND $ids AS id
CALL (id) {
  MATCH (:Partner {uid: $ns + ':' + id})-[:MEMBER_OF]->(i:Initiative)
  RETURN i.id AS quoting
  UNION
  MATCH (:Partner {uid: $ns + ':' + id})-[:MEMBER_OF]->(:Initiative)<-[:PART_OF]-(t:Initiative)
  RETURN t.id AS quoting
  UNION
  MATCH (:Initiative {uid: $ns + ':' + id})<-[:PART_OF]-(t:Initiative)
  RETURN t.id AS quoting
  UNION
  MATCH (:Partner {uid: $ns + ':' + id})-[:PUBLISHES]->(n:NeedOffer)
  RETURN n.id AS quoting
  UNION
  MATCH (:Initiative {uid: $ns + ':' + id})-[:PUBLISHES]->(n:NeedOffer)
  RETURN n.id AS quoting
  UNION
  MATCH (:NeedOffer {uid: $ns + ':' + id})<-[:PUBLISHES]-(publisher)
  RETURN publisher.id AS quoting
}
RETURN DISTINCT quoting
"""
_ALL_IDS = """
MATCH (n:Partner {ns: $ns}) RETURN n.id AS id
UNION ALL MATCH (n:Initiative {ns: $ns}) RETURN n.id AS id
UNION ALL MATCH (n:NeedOffer {ns: $ns}) RETURN n.id AS id
"""
_NEWER = """
MATCH (n:Partner {ns: $ns}) WHERE n.v > $seen RETURN n.id AS id
UNION ALL MATCH (n:Initiative {ns: $ns}) WHERE n.v > $seen RETURN n.id AS id
UNION ALL MATCH (n:NeedOffer {ns: $ns}) WHERE n.v > $seen RETURN n.id AS id
"""
_STORED_BY_ID = """
UNWIND $ids AS id
MATCH (m:Match {uid: $ns + ':' + id})
RETURN m {.id, .status, .revision, .fingerprint, .score, .feedback, .subject_ids, .kind} AS m
"""
_DECISIONS = """
MATCH (m:Match {ns: $ns}) WHERE m.feedback IN ['accepted', 'declined'] AND m.kind IS NOT NULL
RETURN m.id AS id, m.kind AS kind, m.subject_ids AS subject_ids, m.feedback AS feedback
ORDER BY m.id
"""
_SNAPSHOTS = """
UNWIND $ids AS id
MATCH (m:Match {uid: $ns + ':' + id})
RETURN m.id AS id, m.snapshot AS snapshot
"""
_STORED_BY_SUBJECT = """
UNWIND $ids AS id
CALL (id) {
  MATCH (:Partner {uid: $ns + ':' + id})<-[:SUGGESTS]-(m:Match {status: 'proposed'}) RETURN m
  UNION
  MATCH (:Initiative {uid: $ns + ':' + id})<-[:SUGGESTS]-(m:Match {status: 'proposed'}) RETURN m
  UNION
  MATCH (:NeedOffer {uid: $ns + ':' + id})<-[:SUGGESTS]-(m:Match {status: 'proposed'}) RETURN m
}
RETURN DISTINCT m {.id, .status, .revision, .fingerprint, .score, .feedback, .subject_ids, .kind} AS m
"""


def _members(rows: list[dict[str, Any] | None]) -> list[Member]:
    return [
        Member(m["partner_id"], m["name"], m["helix"], tuple(m["levels"]), m["active"])
        for m in rows
        if m is not None
    ]


class GraphReader:
    def __init__(self, driver: AsyncDriver, database: str, namespace: str) -> None:
        self.queries = Queries(driver, database, namespace)

    async def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return await self.queries.rows(query, **params)

    async def initiatives(self, ids: Iterable[str]) -> dict[str, InitiativeProfile]:
        found: dict[str, InitiativeProfile] = {}
        for row in await self._rows(_INITIATIVES, ids=sorted(set(ids))):
            props = row["props"]
            needs = [need_offer_profile(n, props.get("name")) for n in row["needs"]]
            found[props["id"]] = initiative_profile(
                props,
                _members(row["members"]),
                row["parent_id"],
                _members(row["parent_members"]),
                needs,
            )
        return found

    async def partners(self, ids: Iterable[str]) -> dict[str, PartnerProfile]:
        rows = await self._rows(_PARTNERS, ids=sorted(set(ids)))
        return {r["props"]["id"]: partner_profile(r["props"], r["memberships"]) for r in rows}

    async def need_offers(self, ids: Iterable[str]) -> dict[str, NeedOfferProfile]:
        rows = await self._rows(_NEED_OFFERS, ids=sorted(set(ids)))
        return {r["props"]["id"]: need_offer_profile(r["props"], r["publisher_name"]) for r in rows}

    async def profiles(self, ids: Iterable[str]) -> dict[str, Profile]:
        """Whatever these ids are (partner, initiative or need/offer), as scoring sees them."""
        wanted = sorted(set(ids))
        found: dict[str, Profile] = {}
        found |= await self.partners(wanted)
        found |= await self.initiatives(wanted)
        found |= await self.need_offers(wanted)
        return found

    async def quoting(self, ids: Iterable[str]) -> set[str]:
        """Nodes whose profile shows something of these nodes (names, members, needs)."""
        wanted = sorted(set(ids))
        rows = await self._rows(_QUOTING, ids=wanted) if wanted else []
        return {r["quoting"] for r in rows if r["quoting"] is not None} - set(wanted)

    async def all_ids(self) -> set[str]:
        return {r["id"] for r in await self._rows(_ALL_IDS)}

    async def written_since(self, seen: int) -> set[str]:
        """Ids of the nodes any worker wrote in a batch after version `seen`."""
        return {r["id"] for r in await self._rows(_NEWER, seen=seen)}

    async def stored_by_id(self, ids: Iterable[str]) -> dict[str, Stored]:
        wanted = sorted(set(ids))
        rows = await self._rows(_STORED_BY_ID, ids=wanted) if wanted else []
        return {s.match_id: s for s in (_stored(row["m"]) for row in rows)}

    async def stored_for_subjects(self, ids: Iterable[str]) -> dict[str, Stored]:
        """The proposed matches that suggest one of these nodes: what a change can withdraw.
        (Others are read by id when re-scoring reaches their pair: rescoring.Rescorer.)"""
        wanted = sorted(set(ids))
        rows = await self._rows(_STORED_BY_SUBJECT, ids=wanted) if wanted else []
        return {s.match_id: s for s in (_stored(row["m"]) for row in rows)}

    async def decisions(self) -> list[tuple[str, tuple[str, str, str], bool]]:
        """Every match a coordinator accepted or declined: (id, (kind, a, b), accepted)."""
        return [
            (
                r["id"],
                (r["kind"], r["subject_ids"][0], r["subject_ids"][1]),
                r["feedback"] == "accepted",
            )
            for r in await self._rows(_DECISIONS)
            if len(r["subject_ids"] or []) == 2
        ]

    async def snapshots(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = await self._rows(_SNAPSHOTS, ids=wanted)
        return {row["id"]: json.loads(row["snapshot"]) for row in rows if row["snapshot"]}


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else ()


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
