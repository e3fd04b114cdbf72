"""Under a bench-like load (hundreds of partners, initiatives and memberships in batches), the
services log no warnings: no Neo4j driver notifications, no dead letters, no retries. A flood
of warnings hides the one that matters."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bench.synthetic import Network
from tests.e2e.conftest import PARTNER_SOURCE, System
from tests.e2e.test_matching_flow import post_all, wait_for
from tests.support.events import unique

pytestmark = pytest.mark.e2e
WARNING_LEVELS = (" WARNING ", " ERROR ", " CRITICAL ")


def _load(tag: str) -> list[dict[str, Any]]:
    events = Network(seed=11, tag=tag).network(300, 12)
    return [event | {"source": PARTNER_SOURCE} for event in events]


def _warnings(path: Any, offset: int) -> list[str]:
    with path.open("rb") as log:
        log.seek(offset)
        text = log.read().decode(errors="replace")
    return [line for line in text.splitlines() if any(level in line for level in WARNING_LEVELS)]


def test_a_bench_like_load_leaves_no_warning_in_the_services_logs(system: System) -> None:
    logs = [system.registry.log_path, system.matching.log_path]
    offsets = [path.stat().st_size if path.exists() else 0 for path in logs]
    events = _load(unique("quiet"))
    with system.registry_client() as registry, system.matching_client() as matching:
        for start in range(0, len(events), 100):
            post_all(registry, events[start : start + 100])
        initiatives = [
            e["subject"] for e in events if e["type"].startswith("nl.livinglab.initiative")
        ]

        def proposed_everywhere() -> bool:
            return all(
                matching.get("/v1/matches", params={"initiative": i, "limit": 1}).json()["items"]
                for i in initiatives
            )

        wait_for(proposed_everywhere, timeout_s=90, what="matches for every initiative")
        time.sleep(1)  # the worker's last batch is announced and logged
    found = [
        line for path, offset in zip(logs, offsets, strict=True) for line in _warnings(path, offset)
    ]
    assert found == [], "\n".join(found[:20])
