"""Running one of the dashboard's browser flows from a test.

Each flow is a node script, tests/browser/<name>_flow.mjs, that drives Debian's headless
Chromium through playwright-core (see flow_support.mjs). It reads its scenario as JSON from
DASHBOARD_SCENARIO and prints its results as one JSON line, which `run_flow` hands back.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.support.processes import LOG_DIR, REPO_ROOT

CHROMIUM = Path(os.environ.get("LIVINGLAB_CHROMIUM", "/usr/bin/chromium"))
DASHBOARD = REPO_ROOT / "dashboard"
FLOWS = Path(__file__).parent
STEP_TIMEOUT_MS = 45_000  # one browser step (a click, a selector), not the whole flow


def run_flow(name: str, scenario: dict[str, Any], timeout_s: float = 240) -> dict[str, Any]:
    """Runs <name>_flow.mjs once and returns its results, with the run's stderr and how long it
    took. The scenario gets the browser to use and the step timeout; the run's output is kept in
    test-artifacts/logs/<name>-browser.log for a look after a failure."""
    scenario = {"chromium": str(CHROMIUM), "timeout_ms": STEP_TIMEOUT_MS} | scenario
    started = time.monotonic()
    done = subprocess.run(
        ["node", str(FLOWS / f"{name}_flow.mjs")],
        env={**os.environ, "DASHBOARD_SCENARIO": json.dumps(scenario)},
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    (LOG_DIR / f"{name}-browser.log").write_text(done.stderr + "\n" + done.stdout)
    lines = done.stdout.strip().splitlines()
    assert lines, f"the {name} scenario printed nothing (exit {done.returncode}):\n{done.stderr}"
    results: dict[str, Any] = json.loads(lines[-1])
    results["seconds"] = round(time.monotonic() - started, 1)
    results["stderr"] = done.stderr
    return results


def step_names(results: dict[str, Any]) -> list[str]:
    return [s["name"] for s in results["steps"]]


def explain(results: dict[str, Any]) -> str:
    """What a failed assertion on a flow's results shows: how far it got, and why it stopped."""
    return (
        f"steps: {step_names(results)}\nerror: {results.get('error')}\n"
        f"console: {results['console']}\nstderr:\n{results['stderr'][-3000:]}"
    )
