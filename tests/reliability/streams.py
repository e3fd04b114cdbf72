"""Producing a paced stream of registry events, and waiting for the graph to show progress."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from neo4j import AsyncDriver

from tests.integration.matching.graph_state import DATABASE
from tests.integration.matching.kafka_tools import produce
from tests.integration.matching.network import Network

POLL_S = 0.2


def network_phases(networks: int) -> list[list[dict[str, Any]]]:
    """The three phases of `networks` independent 43-event networks, phase by phase."""
    built = [Network().phases() for _ in range(networks)]
    return [[e for phases in built for e in phases[k]] for k in range(3)]


async def stream(
    bootstrap: str, prefix: str, events: list[dict[str, Any]], chunk: int = 6, pause_s: float = 0.2
) -> list[dict[str, Any]]:
    """Produces in small chunks with pauses, as partner systems would; returns what was sent."""
    for start in range(0, len(events), chunk):
        await produce(bootstrap, prefix, events[start : start + chunk])
        await asyncio.sleep(pause_s)
    return events


async def node_count(driver: AsyncDriver, ns: str) -> int:
    result = await driver.execute_query(
        "MATCH (n) WHERE n.ns = $ns AND (n:Initiative OR n:Partner OR n:NeedOffer) "
        "RETURN count(n) AS n",
        ns=ns,
        database_=DATABASE,
    )
    count: int = result.records[0]["n"]
    return count


async def wait_for_nodes(
    driver: AsyncDriver, ns: str, more_than: int, timeout_s: float = 90
) -> int:
    """Until the namespace holds more than `more_than` nodes (generous: CPUs are shared)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if (count := await node_count(driver, ns)) > more_than:
            return count
        await asyncio.sleep(POLL_S)
    raise AssertionError(f"{ns} still has at most {more_than} nodes after {timeout_s}s")
