"""The dashboard's map tab in headless Chromium against the running system: the network by
region on schematic tiles, counts as the matching API gives them, and a click on a region filters
the matches on it. The run writes test-artifacts/dashboard-map.png."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.browser.conftest import UiSystem
from tests.browser.flows import explain, run_flow
from tests.browser.test_dashboard import initiative, joined, partner
from tests.support.events import unique
from tests.support.processes import REPO_ROOT
from tests.support.system import post_all
from tests.support.waiting import eventually

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

SCREENSHOT = REPO_ROOT / "test-artifacts" / "dashboard-map.png"
REGION = "CR39"  # Zuid-Limburg
EMPTY = "NL11"  # Groningen: nothing in this test's network lies there


def proposals_in(client: httpx.Client, region: str) -> list[str]:
    response = client.get("/v1/matches", params={"region": region, "limit": 200})
    response.raise_for_status()
    return [m["match_id"] for m in response.json()["items"]]


@pytest.fixture(scope="module")
def map_run(ui_system: UiSystem) -> dict[str, Any]:
    """A table in Zuid-Limburg with a school and a company but no government, and a
    municipality nearby that the matcher proposes to it; then the browser scenario once."""
    table, school, company, town = (
        unique(n) for n in ("i-map-table", "p-map-school", "p-map-company", "p-map-town")
    )
    themes = ["procesindustrie"]
    events = [
        initiative(table, "Kaarttafel Zuid-Limburg", "living_lab", [REGION], themes),
        partner(school, "Kaartschool", "roc", [REGION], themes, education_levels_offered=["mbo"]),
        partner(company, "Kaartbedrijf", "grootbedrijf", [REGION], themes),
        partner(town, "Gemeente Kaartstad", "gemeente", ["GM0917"], themes),
        joined(school, table, "lead"),
        joined(company, table),
    ]
    with ui_system.registry_client() as registry:
        post_all(registry, events)
    with ui_system.matching_client() as matching:
        eventually(
            lambda: any(
                town in m["subject_ids"] and table in m["subject_ids"]
                for m in matching.get("/v1/matches", params={"partner": town}).json()["items"]
            ),
            what="the municipality proposed to the table",
        )
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    scenario = {
        "url": ui_system.dashboard_url,
        "key": ui_system.coordinator_key,
        "region": REGION,
        "screenshot": str(SCREENSHOT),
    }
    return run_flow("map", scenario)


def test_the_map_shows_the_network_by_region_and_a_click_filters_the_matches(
    ui_system: UiSystem, map_run: dict[str, Any]
) -> None:
    results = map_run
    assert results["ok"], explain(results)
    assert results["graph_hidden"] is True
    before = results["before"]
    # Every province and Limburg's three COROP regions, each with its counts.
    assert len(before) == 15
    zuid = before[REGION]
    assert zuid["initiatives"] >= 1 and zuid["gaps"] >= 1 and zuid["proposals"] >= 1, zuid
    assert zuid["shade"] >= 1 and "Zuid-Limburg" in zuid["text"]
    # A province counts what lies below it; a region without anything shows zeros, unshaded.
    assert before["NL42"]["initiatives"] >= zuid["initiatives"]
    assert (before[EMPTY]["initiatives"], before[EMPTY]["shade"]) == (0, 0)
    assert "Schematische kaart" in results["note"]

    # The click filtered the list on the region, as the region filter does.
    assert results["region_filter"] == REGION
    assert results["after"][REGION]["pressed"] is True
    assert not any(tile["pressed"] for code, tile in results["after"].items() if code != REGION)
    with ui_system.matching_client() as matching:
        in_region = set(proposals_in(matching, REGION))
    assert results["listed"] and set(results["listed"]) <= in_region

    assert results["foreign_requests"] == [], "the page loaded something from outside the service"
    assert results["console"] == [], results["console"]
    assert SCREENSHOT.exists() and SCREENSHOT.stat().st_size > 10_000
