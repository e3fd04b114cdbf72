"""Reading a service's /metrics in tests, and checking it with Prometheus's own linter."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families


def scrape(url: str) -> str:
    response = httpx.get(f"{url}/metrics", timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain"), response.headers
    return response.text


def samples(text: str, name: str, **labels: str) -> list[float]:
    """Values of every sample called `name` whose labels include `labels`."""
    return [
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and labels.items() <= sample.labels.items()
    ]


def total(text: str, name: str, **labels: str) -> float:
    return sum(samples(text, name, **labels))


def promtool_problems(text: str) -> str:
    """What `promtool check metrics` says about an exposition (empty: none)."""
    return promtool("check", "metrics", stdin=text)


def promql_metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression reads, histogram series back to their base name."""
    expr = re.sub(r'"[^"]*"', "", expr)  # strings (label values)
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", expr)  # label matchers, ranges
    expr = re.sub(r"\b(?:by|without|on|ignoring)\s*\([^)]*\)", "", expr)  # label lists
    names = set(re.findall(r"\b[A-Za-z_:][\w:]*\b(?!\s*\()", expr))
    return {re.sub(r"_(bucket|sum|count)$", "", name) for name in names}


def dashboard_queries(path: Path) -> list[str]:
    dashboard = json.loads(path.read_text())
    return [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]


def exposed_names(text: str) -> set[str]:
    """Every metric name an exposition declares (a labelled metric with no series yet too)."""
    names: set[str] = set()
    for family in text_string_to_metric_families(text):
        names.add(family.name)
        if family.type == "counter":
            names.add(f"{family.name}_total")
    return names


def promtool(*args: str, stdin: str | None = None) -> str:
    """Runs promtool; returns its complaints (empty when it accepts). promtool comes from
    `make promtool` (scripts/setup_promtool.sh), which `make test` runs: missing, it fails."""
    tool = shutil.which("promtool")
    assert tool, "promtool is not installed; run scripts/setup_promtool.sh (make promtool)"
    result = subprocess.run(
        [tool, *args],
        input=stdin.encode() if stdin is not None else None,
        capture_output=True,
        timeout=60,
    )
    output = (result.stdout + result.stderr).decode().strip()
    return output if result.returncode != 0 else ""
