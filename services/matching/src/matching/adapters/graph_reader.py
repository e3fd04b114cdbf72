"""Reads the projection and stored matches from Neo4j for the worker's in-memory state.

The projection is read as GraphState (domain): the very nodes, memberships and links the worker
would hold had it applied every row itself. A worker reads it whole when it starts; after that
it applies its own batches in memory and reads only what other workers wrote: every node a
batch writes gets `v`, the namespace's batch version, so the nodes with a newer `v` are those.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from neo4j import AsyncDriver

from matching.adapters.batch_transaction import PAGE, Queries, paged_cypher
from matching.domain.graph_state import GraphState
from matching.domain.match_changes import Stored

# The namespace's nodes and links, as GraphState holds them (a worker's start), in pages.
_ALL_NODES = paged_cypher(
    """CALL () {
  MATCH (n:Partner {ns: $ns}) RETURN 'Partner' AS label, n
  UNION ALL MATCH (n:Initiative {ns: $ns}) RETURN 'Initiative' AS label, n
  UNION ALL MATCH (n:NeedOffer {ns: $ns}) RETURN 'NeedOffer' AS label, n
}
WITH collect({label: label, n: n}) AS found""",
    "{label: x.label, props: properties(x.n)}",
)
_ALL_LINKS = paged_cypher(
    """CALL () {
  MATCH (p:Partner {ns: $ns})-[m:MEMBER_OF]->(i:Initiative)
  RETURN 'member' AS link, p.id AS a, i.id AS b, m AS props
  UNION ALL MATCH (c:Initiative {ns: $ns})-[:PART_OF]->(p:Initiative)
  RETURN 'parent' AS link, c.id AS a, p.id AS b, null AS props
  UNION ALL MATCH (pub)-[:PUBLISHES]->(n:NeedOffer {ns: $ns})
  RETURN 'publisher' AS link, n.id AS a, pub.id AS b, null AS props
}
WITH collect({link: link, a: a, b: b, props: props}) AS found""",
    "{link: x.link, a: x.a, b: x.b, props: properties(x.props)}",
)
# The same for the nodes another worker wrote (each row stamps every node it touches, so the
# links of a written node are found from the node: memberships from either end, a parent from
# its child, a publisher from its need or offer).
_NODES = """
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Partner {uid: $ns + ':' + id}) RETURN 'Partner' AS label, n {.*} AS props
  UNION ALL MATCH (n:Initiative {uid: $ns + ':' + id}) RETURN 'Initiative' AS label, n {.*} AS props
  UNION ALL MATCH (n:NeedOffer {uid: $ns + ':' + id}) RETURN 'NeedOffer' AS label, n {.*} AS props
}
RETURN label, props
"""
_LINKS = """
UNWIND $ids AS id
CALL (id) {
  MATCH (p:Partner {uid: $ns + ':' + id})-[m:MEMBER_OF]->(i:Initiative)
  RETURN 'member' AS link, p.id AS a, i.id AS b, m {.*} AS props
  UNION ALL MATCH (p:Partner)-[m:MEMBER_OF]->(i:Initiative {uid: $ns + ':' + id})
  RETURN 'member' AS link, p.id AS a, i.id AS b, m {.*} AS props
  UNION ALL MATCH (c:Initiative {uid: $ns + ':' + id})-[:PART_OF]->(p:Initiative)
  RETURN 'parent' AS link, c.id AS a, p.id AS b, null AS props
  UNION ALL MATCH (pub)-[:PUBLISHES]->(n:NeedOffer {uid: $ns + ':' + id})
  RETURN 'publisher' AS link, n.id AS a, pub.id AS b, null AS props
}
RETURN DISTINCT link, a, b, props
"""
_NEO4J_ONLY = ("uid", "ns", "v")  # what the graph adds to a row's properties
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
_ALL_STORED = paged_cypher(
    "MATCH (m:Match {ns: $ns}) WITH collect(m) AS found",
    "x {.id, .status, .revision, .fingerprint, .score, .feedback, .subject_ids, .kind}",
)
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


class GraphReader:
    def __init__(
        self, driver: AsyncDriver, database: str, namespace: str, page: int = PAGE
    ) -> None:
        self.queries = Queries(driver, database, namespace)
        self._page = page  # rows per record of a whole-namespace read

    async def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return await self.queries.rows(query, **params)

    async def state(self) -> GraphState:
        """The namespace's whole projection, as GraphState holds it."""
        state = GraphState()
        nodes, links = (
            await self.queries.paged(_ALL_NODES, self._page),
            await self.queries.paged(_ALL_LINKS, self._page),
        )
        self._fill(state, nodes, links)
        return state

    async def load(self, state: GraphState, ids: Iterable[str]) -> None:
        """Reads these nodes and their links into `state` (what another worker wrote)."""
        wanted = sorted(set(ids))
        if wanted:
            nodes, links = (
                await self._rows(_NODES, ids=wanted),
                await self._rows(_LINKS, ids=wanted),
            )
            self._fill(state, nodes, links)

    @staticmethod
    def _fill(state: GraphState, nodes: list[dict[str, Any]], links: list[dict[str, Any]]) -> None:
        for row in nodes:
            props = row["props"]
            for key in _NEO4J_ONLY:
                props.pop(key, None)
            state.put_node(row["label"], props)
        for row in links:
            if row["link"] == "member":
                state.put_membership(row["a"], row["b"], row["props"])
            elif row["link"] == "parent":
                state.set_parent(row["a"], row["b"])
            else:
                state.set_publisher(row["a"], row["b"])

    async def written_since(self, seen: int) -> set[str]:
        """Ids of the nodes any worker wrote in a batch after version `seen`."""
        return {r["id"] for r in await self._rows(_NEWER, seen=seen)}

    async def stored_by_id(self, ids: Iterable[str]) -> dict[str, Stored]:
        wanted = sorted(set(ids))
        rows = await self._rows(_STORED_BY_ID, ids=wanted) if wanted else []
        return {s.match_id: s for s in (_stored(row["m"]) for row in rows)}

    async def all_stored(self) -> dict[str, Stored]:
        """Every match of the namespace (the worker's ledger: domain.match_ledger)."""
        rows = await self.queries.paged(_ALL_STORED, self._page)
        return {s.match_id: s for s in map(_stored, rows)}

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
        return {row["id"]: orjson.loads(row["snapshot"]) for row in rows if row["snapshot"]}


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else ()


def _stored(m: dict[str, Any]) -> Stored:
    # A map projection gives null for a property the node lacks (a match only feedback has
    # reached so far has no fingerprint, score or subjects): the defaults of Stored instead.
    return Stored(
        match_id=m["id"],
        status=m.get("status") or "unknown",
        revision=m.get("revision") or 0,
        fingerprint=m.get("fingerprint") or "",
        score=m.get("score") or 0.0,
        feedback=m.get("feedback"),
        subject_ids=_tuple(m.get("subject_ids")),
        kind=m.get("kind") or "",
    )
