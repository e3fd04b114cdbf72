"""An ENoLL label reaches matching's evidence end to end (issue 19, docs/labelling.md).

A partner system registers a hub and the province (one match, no label: no M15). A coordinator
runs a labelling application hosted by the province to an Effective decision over HTTP; the
registry writes partner.label-awarded, matching projects it, and the province's match with the
hub shows M15 in its explanation, with weight 0: the same score, not among the reasons.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.e2e.conftest import System
from tests.integration.registry.label_flow import decide, open_wave
from tests.support.events import hub_and_province, unique

pytestmark = pytest.mark.e2e


def eventually(check, what: str, timeout_s: float):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_decision_shows_as_m15_in_the_hosts_match(system: System) -> None:
    hub, province = unique("i-hub"), unique("p-province")
    with system.registry_client() as registry, system.matching_client() as matching:
        posted = registry.post(
            "/v1/events:batch", json=hub_and_province(hub, province, "/systems/e2e-partner")
        )
        assert posted.status_code == 200 and posted.json()["accepted"] == 2, posted.text

        def match() -> dict[str, Any] | None:
            page = matching.get(
                "/v1/matches", params={"partner": province, "status": "proposed", "limit": 50}
            ).json()
            return next((m for m in page["items"] if hub in m["subject_ids"]), None)

        def criteria(found: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
            return {c["id"]: c for c in (found or {}).get("criteria", [])}

        before = eventually(match, "the match", 20)
        assert "M15" not in criteria(before)

        tag = unique("lbl")
        coordinator, evaluators = open_wave(system.registry.url, tag)
        try:
            assert decide(coordinator, evaluators, tag, f"app-{tag}", province, 4) == "effective"
            labels = coordinator.get(f"/v1/partners/{province}").json()["labels"]
        finally:
            for client in (coordinator, *evaluators):
                client.close()
        assert [(lab["member_type"], lab["label_year"]) for lab in labels] == [("effective", 2026)]

        after = eventually(lambda: "M15" in criteria(match()) and match(), "M15", 20)
        m15 = criteria(after)["M15"]
        assert m15["weight"] == 0 and m15["subscore"] == 1.0
        assert m15["evidence"] == [province, "enoll:effective:2026"]
        assert m15["reason_en"].startswith("ENoLL member (Effective, 2026)")
        assert after["match_id"] == before["match_id"]
        assert after["score"] == before["score"]
        assert "M15" not in after["top_reasons_en"]
