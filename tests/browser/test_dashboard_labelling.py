"""The dashboard's labelling tab in headless Chromium against the running system (issue 19).

The demo's wave (demo/labelling_wave.py: applications at every stage) is loaded through the
registry's labelling API with this test's own hosts; the page reads it through the matching
service's read-only pass-through (/dashboard/labelling/...). A coordinator sees the waves, every
application by state with its time in that state, and a decided application's scores per
category, member type and audit trail; an evaluator sees only their queue, blind. The run writes
test-artifacts/dashboard-labelling.png (coordinator) and dashboard-labelling-evaluator.png.
"""

from __future__ import annotations

from typing import Any

import pytest

from demo.labelling_wave import APPLICATIONS, EVALUATORS, load_wave
from tests.browser.conftest import UiSystem
from tests.browser.flows import explain, run_flow
from tests.browser.test_dashboard import partner
from tests.support.events import unique
from tests.support.processes import REPO_ROOT
from tests.support.system import issue_key, post_all
from tests.support.waiting import eventually

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

SCREENSHOT = REPO_ROOT / "test-artifacts" / "dashboard-labelling.png"
EVALUATOR_SCREENSHOT = REPO_ROOT / "test-artifacts" / "dashboard-labelling-evaluator.png"
CATEGORIES = ["organisation", "openness", "resources", "user_centricism", "value"]


@pytest.fixture(scope="module")
def labelling_run(ui_system: UiSystem) -> dict[str, Any]:
    wave = unique("wave-ui")
    hosts = {demo.host_partner_id: unique(f"p-{demo.host_partner_id}") for demo in APPLICATIONS}
    with ui_system.registry_client() as registry:
        post_all(
            registry,
            [partner(pid, f"Host {name}", "mkb", ["CR39"], []) for name, pid in hosts.items()],
        )
        for pid in hosts.values():
            eventually(
                lambda pid=pid: registry.get(f"/v1/partners/{pid}").status_code == 200,
                what=f"host {pid} in the registry",
            )
    evaluator_keys = {
        e: issue_key(ui_system.registry.url, {"system": e, "role": "evaluator"}) for e in EVALUATORS
    }
    assert load_wave(
        ui_system.registry.url, ui_system.coordinator_key, evaluator_keys, hosts, wave
    ) == len(APPLICATIONS)
    for path in (SCREENSHOT, EVALUATOR_SCREENSHOT):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
    scenario = {
        "url": ui_system.dashboard_url,
        "coordinator_key": ui_system.coordinator_key,
        # Bas is assigned to Aeres and has not scored it (only Anna has).
        "evaluator_key": evaluator_keys[EVALUATORS[1]],
        "decided": f"{wave}-demo-app-brightlands",
        "under_evaluation": f"{wave}-demo-app-aeres",
        "screenshot": str(SCREENSHOT),
        "evaluator_screenshot": str(EVALUATOR_SCREENSHOT),
    }
    results = run_flow("labelling", scenario)
    results["wave"] = wave
    return results


def test_a_coordinator_sees_waves_applications_by_state_and_a_decision_in_full(
    labelling_run: dict[str, Any],
) -> None:
    results = labelling_run
    assert results["ok"], explain(results)
    wave = results["wave"]
    seen = results["coordinator"]
    assert seen["role"] == "coordinator" and "every application" in seen["role_text"]
    assert seen["graph_hidden"] is True
    (ours,) = [w for w in seen["waves"] if w["id"] == wave]
    assert ours["counts"] == {"submitted": 1, "under_evaluation": 1, "evaluated": 1, "decided": 2}
    columns = {c["id"].removeprefix(f"{wave}-"): c["column"] for c in seen["cards"]}
    assert {k: v for k, v in columns.items() if k.startswith("demo-app-")} == {
        "demo-app-brightlands": "decided",
        "demo-app-chemelot": "evaluated",
        "demo-app-aeres": "under_evaluation",
        "demo-app-bureaubas": "submitted",
        "demo-app-accenture": "decided",
    }
    assert all(c["seconds"] >= 0 and "in this state" in c["text"] for c in seen["cards"])
    accenture = next(c for c in seen["cards"] if c["id"] == f"{wave}-demo-app-accenture")
    assert "Innovation Partner" in accenture["text"]

    decided = seen["decided"]
    assert decided["status"] == "decided" and "Brightlands" in decided["title"]
    assert [c["id"] for c in decided["categories"]] == CATEGORIES
    # Evaluators scored 4, 4 and 5 on every criterion: every category's mean is 13/3.
    assert all(abs(c["mean"] - 13 / 3) < 0.01 for c in decided["categories"])
    assert "User centricism" in decided["categories"][3]["text"]
    assert (decided["proposal"], decided["decision"]) == ("effective", "effective")
    assert "Effective" in decided["decision_text"]
    assert decided["times"] == ["submitted", "under_evaluation", "evaluated", "decided"]
    steps = [a["step"] for a in decided["audit"]]
    assert steps == ["submitted"] + ["evaluator_assigned"] * 3 + ["score_submitted"] * 3 + [
        "decision_recorded"
    ]
    assert {a["actor"] for a in decided["audit"] if a["step"] == "score_submitted"} == set(
        EVALUATORS
    )

    # Under evaluation, a coordinator sees no scores yet (blind until all have scored).
    pending = seen["under_evaluation"]
    assert pending["categories"] == [] and pending["blind"] and pending["own_scores"] is None
    assert SCREENSHOT.exists() and SCREENSHOT.stat().st_size > 10_000


def test_an_evaluator_sees_their_queue_blind(labelling_run: dict[str, Any]) -> None:
    results = labelling_run
    assert results["ok"], explain(results)
    wave = results["wave"]
    seen = results["evaluator"]
    assert seen["role"] == "evaluator" and "queue" in seen["role_text"]
    ours = {c["id"] for c in seen["cards"] if c["id"].startswith(f"{wave}-")}
    assert ours == {f"{wave}-demo-app-aeres"}
    assert all(c["column"] is None for c in seen["cards"])  # a queue, not the state board
    pending = seen["under_evaluation"]
    assert pending["categories"] == [] and pending["blind"]
    assert EVALUATOR_SCREENSHOT.exists()


def test_the_page_loads_nothing_from_elsewhere_and_logs_no_errors(
    labelling_run: dict[str, Any],
) -> None:
    results = labelling_run
    assert results["ok"], explain(results)
    assert results["foreign_requests"] == [], "the page loaded something from outside the service"
    # The live feed (notifications) is for coordinators: an evaluator's key gets its 403, and the
    # page shows 'live feed unavailable'. Nothing else may fail.
    feed_refused = (
        "evaluator error: Failed to load resource: the server responded with a status of 403"
    )
    errors = [
        e for e in results["console"] if not (e.startswith(feed_refused) and "/dashboard/feed" in e)
    ]
    assert errors == [], results["console"]
