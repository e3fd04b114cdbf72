"""Reading a service's /metrics in tests, and checking it with Prometheus's own linter."""

from __future__ import annotations

import shutil
import subprocess

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
    """What `promtool check metrics` says about an exposition (empty: none). promtool comes from
    `make promtool` (scripts/setup_promtool.sh), which `make test` runs: missing, it fails."""
    promtool = shutil.which("promtool")
    assert promtool, "promtool is not installed; run scripts/setup_promtool.sh (make promtool)"
    result = subprocess.run(
        [promtool, "check", "metrics"], input=text.encode(), capture_output=True, timeout=60
    )
    output = (result.stdout + result.stderr).decode().strip()
    return output if result.returncode != 0 or output else ""
