"""Every service's /metrics after real traffic: request rate, errors and latency per route, the
registry's accepted and refused events, matching's batches and lag, notifications' lag; and
each exposition passes `promtool check metrics` (issue 18)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from tests.e2e.conftest import System
from tests.support.events import event, hub_and_province, unique
from tests.support.metrics import (
    dashboard_queries,
    exposed_names,
    promql_metric_names,
    promtool,
    promtool_problems,
    samples,
    scrape,
    total,
)
from tests.support.processes import ServiceProcess
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e
PARTNER_REGISTERED = "nl.livinglab.partner.registered.v1"
INFRA = Path(__file__).resolve().parents[2] / "infra"


@pytest.fixture(scope="module")
def notifications(system: System, system_env: dict[str, str]) -> Iterator[ServiceProcess]:
    service = ServiceProcess("notifications", system_env, name="notifications-metrics").start()
    yield service
    service.stop()


def scrape_when(url: str, ready: Callable[[str], bool], what: str) -> str:
    def scraped() -> str | None:
        text = scrape(url)
        return text if ready(text) else None

    return eventually(scraped, what)


def test_every_service_exports_its_metrics_and_promtool_accepts_them(
    system: System, notifications: ServiceProcess
) -> None:
    hub, province = unique("i-hub"), unique("p-province")
    events = hub_and_province(hub, province)
    refused = event("partner.registered", unique("p-x"), {"partner_id": "someone-else"})
    before = scrape(system.registry.url)
    with system.registry_client() as client:
        batch = client.post("/v1/events:batch", json=events)
        single = client.post("/v1/events", json=refused)
    assert batch.status_code == 200 and batch.json()["accepted"] == 2, batch.text
    assert single.status_code == 422, single.text

    registry = scrape(system.registry.url)
    accepted = "registry_events_accepted_total"
    assert total(registry, accepted, type=PARTNER_REGISTERED) == (
        total(before, accepted, type=PARTNER_REGISTERED) + 1
    )
    refusals = ("registry_events_refused_total", {"type": PARTNER_REGISTERED})
    assert total(registry, refusals[0], reason="invalid_event", **refusals[1]) >= 1
    assert total(registry, "registry_submission_seconds_count", mode="batch") >= 1
    assert (
        total(registry, "http_requests_total", method="POST", route="/v1/events", status="422") >= 1
    )
    assert samples(
        registry, "http_request_duration_seconds_count", method="POST", route="/v1/events:batch"
    )

    # The pair is matched, the match announced and read by notifications.
    with httpx.Client(
        base_url=system.matching.url, headers={"X-API-Key": system.coordinator_key}, timeout=30
    ) as coordinator:

        def proposed() -> bool:
            page = coordinator.get("/v1/matches", params={"partner": province}).json()
            return any(hub in m["subject_ids"] for m in page["items"])

        eventually(proposed, "the hub and the province matched")
    matching = scrape_when(
        system.matching.url,
        lambda text: total(text, "matching_match_changes_total") >= 1,
        "matching's metrics counting the match",
    )
    assert total(matching, "matching_batch_records_count") >= 1
    assert total(matching, "matching_batch_records_sum") >= 2
    assert total(matching, "matching_batch_seconds_count") >= 1
    assert total(matching, "matching_events_applied_total") >= 2
    assert total(matching, "matching_match_changes_total", action="proposed") >= 1
    assert total(matching, "matching_pairs_scored_total") >= 1
    assert samples(matching, "matching_consumer_lag_records")
    assert total(matching, "http_requests_total", route="/v1/matches", status="200") >= 1

    notified = scrape_when(
        notifications.url,
        lambda text: (
            total(text, "notifications_records_consumed_total") >= 1
            and bool(samples(text, "notifications_consumer_lag_records"))
        ),
        "notifications reading the match and measuring its lag",
    )
    proposed = "nl.livinglab.match.proposed.v1"
    assert total(notified, "notifications_match_events_total", type=proposed) >= 1
    # The readiness probe that waited for it to start is counted under its route.
    assert total(notified, "http_requests_total", route="/ready", status="200") >= 1

    for name, text in (("registry", registry), ("matching", matching), ("notifications", notified)):
        assert promtool_problems(text) == "", f"{name}: {promtool_problems(text)}"


def test_the_operator_profile_configs_pass_promtool_and_read_real_metrics(
    system: System, notifications: ServiceProcess, tmp_path: Path
) -> None:
    assert promtool("check", "config", str(INFRA / "prometheus" / "prometheus.yml")) == ""
    queries = dashboard_queries(INFRA / "grafana" / "dashboards" / "livinglab.json")
    # promtool parses PromQL when it checks rules: each dashboard query becomes one rule.
    rules = {
        "groups": [
            {
                "name": "dashboard",
                "rules": [
                    {"record": f"dashboard:query_{n}", "expr": expr}
                    for n, expr in enumerate(queries)
                ],
            }
        ]
    }
    rules_file = tmp_path / "dashboard-rules.yml"
    rules_file.write_text(yaml.safe_dump(rules))
    assert promtool("check", "rules", str(rules_file)) == ""
    exposed = set().union(
        *(exposed_names(scrape(url)) for url in (system.registry.url, system.matching.url))
    ) | exposed_names(scrape(notifications.url))
    wanted = {name for expr in queries for name in promql_metric_names(expr)}
    assert wanted - exposed == set(), "the dashboard reads metrics no service exports"
