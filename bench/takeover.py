"""6. Takeover: how long matching pauses when one of two workers of a namespace is SIGKILLed.

Two matching workers share the consumer group and the namespace (docs/architecture.md,
"Scaling beyond one machine"). Partner registrations spread over the partitions are posted
with both alive (the baseline), then again right after one worker is killed: the figure is the
time from the kill until the survivor has every one of them in the graph. The dead member's
partitions move only when its session expires (MATCHING's broker_session_timeout, 10 s), then
the survivor catches up with what the dead one wrote.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from bench.harness import Stage, issue_key
from bench.latency import SOURCE, _event
from tests.support.processes import ServiceProcess

PARTNERS = 30
TIMEOUT_S = 120


def _post_partners(registry: ServiceProcess, key: str, tag: str) -> list[str]:
    ids = [f"takeover-{tag}-{i}" for i in range(PARTNERS)]
    with httpx.Client(base_url=registry.url, headers={"X-API-Key": key}, timeout=30) as client:
        for partner in ids:
            data = {
                "partner_id": partner,
                "name": partner,
                "kind": "grootbedrijf",
                "themes": ["procesindustrie"],
                "regions": ["GM1883"],
            }
            response = client.post("/v1/events", json=_event("partner.registered", partner, data))
            response.raise_for_status()
    return ids


async def _until_in_graph(matching: ServiceProcess, key: str, ids: list[str]) -> float:
    """Seconds until the matching API shows every one of these partners in the graph."""
    started, waiting = time.perf_counter(), set(ids)
    async with httpx.AsyncClient(
        base_url=matching.url, headers={"X-API-Key": key}, timeout=10
    ) as client:
        while waiting and time.perf_counter() - started < TIMEOUT_S:
            for partner in sorted(waiting):
                if (await client.get(f"/v1/network/{partner}")).status_code == 200:
                    waiting.discard(partner)
            await asyncio.sleep(0.05)
    if waiting:
        raise RuntimeError(f"{len(waiting)} partners never reached the graph")
    return time.perf_counter() - started


async def measure() -> dict[str, Any]:
    stage = Stage.fresh("takeover")
    await stage.create_topics()
    env = stage.env(MATCHING_BATCH_WINDOW_S="0.01", REGISTRY_RATE_LIMIT_PER_MINUTE="1000000")
    registry = ServiceProcess("registry", env).start()
    doomed = ServiceProcess("matching", env, name="matching-doomed").start()
    survivor = ServiceProcess("matching", env, name="matching-survivor").start()
    try:
        key = issue_key(registry, {"system": "bench", "sources": [SOURCE]})
        coordinator = issue_key(registry, {"system": "bench-coordinator", "role": "coordinator"})
        # Both members have joined and own partitions once a first round is in the graph.
        warm = await asyncio.to_thread(_post_partners, registry, key, "warm")
        await _until_in_graph(survivor, coordinator, warm)
        both = await asyncio.to_thread(_post_partners, registry, key, "both")
        baseline_s = await _until_in_graph(survivor, coordinator, both)
        doomed.stop(kill=True)
        killed = time.perf_counter()
        after = await asyncio.to_thread(_post_partners, registry, key, "after")
        await _until_in_graph(survivor, coordinator, after)
        takeover_s = time.perf_counter() - killed
    finally:
        survivor.stop()
        doomed.stop()
        registry.stop()
    return {
        "partners_per_round": PARTNERS,
        "both_alive_s": round(baseline_s, 2),
        "takeover_after_sigkill_s": round(takeover_s, 2),
        "note": "from the SIGKILL until the survivor has every partner posted after it in the"
        " graph; bounded below by the consumer session timeout (10 s)",
    }
