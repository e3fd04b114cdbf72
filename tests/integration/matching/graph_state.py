"""Reads one graph namespace back as plain, comparable values (and removes it after a test)."""

from __future__ import annotations

import json
from typing import Any

from neo4j import AsyncDriver

DATABASE = "neo4j"
PROJECTED = ("Initiative", "Partner", "NeedOffer", "Region", "Theme")
_ALL = (*PROJECTED, "Match", "Outbox", "BatchLock", "RebuildMark")
# Bookkeeping that differs between two builds of the same events: not part of the state.
_VOLATILE = {"ns", "uid", "changed_at", "v"}  # v: the batch that last wrote it

_NODES = """
MATCH (n) WHERE n.ns = $ns AND any(label IN labels(n) WHERE label IN $labels)
RETURN labels(n)[0] AS label, coalesce(n.id, n.code, n.slug) AS key, properties(n) AS props
"""
_EDGES = """
MATCH (a)-[r]->(b) WHERE a.ns = $ns AND any(label IN labels(a) WHERE label IN $labels)
  AND any(label IN labels(b) WHERE label IN $labels)
RETURN labels(a)[0] AS a_label, coalesce(a.id, a.code, a.slug) AS a_key, type(r) AS type,
       properties(r) AS props, labels(b)[0] AS b_label, coalesce(b.id, b.code, b.slug) AS b_key
"""
_MATCHES = """
MATCH (m:Match {ns: $ns}) WHERE m.status = $status
RETURN m.id AS id, m.snapshot AS snapshot, m.revision AS revision
"""


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, list | tuple) else value


async def graph_snapshot(driver: AsyncDriver, ns: str) -> dict[str, Any]:
    """Nodes by (label, id) with their properties, and edges as sorted tuples."""
    nodes_result = await driver.execute_query(
        _NODES, ns=ns, labels=list(PROJECTED), database_=DATABASE
    )
    nodes = {
        (r["label"], r["key"]): {
            k: _plain(v) for k, v in sorted(r["props"].items()) if k not in _VOLATILE
        }
        for r in nodes_result.records
    }
    edges_result = await driver.execute_query(
        _EDGES, ns=ns, labels=list(PROJECTED), database_=DATABASE
    )
    edges = sorted(
        (
            r["a_label"],
            r["a_key"],
            r["type"],
            json.dumps(r["props"], sort_keys=True, default=str),
            r["b_label"],
            r["b_key"],
        )
        for r in edges_result.records
    )
    return {"nodes": nodes, "edges": edges}


async def matches(driver: AsyncDriver, ns: str, status: str = "proposed") -> dict[str, Any]:
    """Match id -> what was announced, without the revision history (a live build may have
    updated a match several times where a replay proposes its final form once)."""
    result = await driver.execute_query(_MATCHES, ns=ns, status=status, database_=DATABASE)
    found: dict[str, Any] = {}
    for record in result.records:
        snapshot = json.loads(record["snapshot"])
        for key in ("revision", "previous_score"):
            snapshot.pop(key, None)
        found[record["id"]] = snapshot
    return found


async def drop_namespace(driver: AsyncDriver, ns: str) -> None:
    for label in _ALL:
        await driver.execute_query(
            f"MATCH (n:{label}) WHERE n.uid STARTS WITH $prefix DETACH DELETE n",
            prefix=f"{ns}:",
            database_=DATABASE,
        )
