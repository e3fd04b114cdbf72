"""The compose profile `observability` for operators (issue 18): Prometheus scraping the three
services, Grafana with a provisioned dashboard, an OpenTelemetry collector and Jaeger. Nothing
here runs without Docker, so the files are checked by reading them; tests/e2e/test_metrics.py
also runs `promtool check config` on the scrape config and checks the dashboard's queries against
the services' real /metrics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.metrics import dashboard_queries, promql_metric_names

REPO_ROOT = Path(__file__).resolve().parents[3]
INFRA = REPO_ROOT / "infra"
SERVICE_PORTS = {"registry": 8001, "matching": 8002, "notifications": 8003}
TOOLS = ("prometheus", "grafana", "otel-collector", "jaeger")
DASHBOARD = INFRA / "grafana" / "dashboards" / "livinglab.json"


def load_yaml(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text())
    return loaded


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_yaml(REPO_ROOT / "docker-compose.yml")


def test_the_tools_are_only_in_the_observability_profile(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for tool in TOOLS:
        assert services[tool]["profiles"] == ["observability"], tool
    # A plain `docker compose up` is what it was: the system, no operator tools.
    assert all("profiles" not in services[name] for name in services if name not in TOOLS)


def test_every_mounted_configuration_file_exists(compose: dict[str, Any]) -> None:
    for tool in TOOLS:
        for volume in compose["services"][tool].get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (REPO_ROOT / source).exists(), f"{tool} mounts missing {source}"


def test_tool_ports_listen_on_loopback_only(compose: dict[str, Any]) -> None:
    for tool in TOOLS:
        for port in compose["services"][tool].get("ports", []):
            assert port.startswith("127.0.0.1:"), f"{tool} publishes {port} on every interface"


def test_grafana_needs_an_admin_password_and_shows_the_dashboard(compose: dict[str, Any]) -> None:
    env = compose["services"]["grafana"]["environment"]
    assert env["GF_SECURITY_ADMIN_PASSWORD"].startswith("${GRAFANA_ADMIN_PASSWORD:?")
    assert env["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"].endswith("/livinglab.json")


def test_prometheus_scrapes_every_instance_of_each_service_at_its_port() -> None:
    config = load_yaml(INFRA / "prometheus" / "prometheus.yml")
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    for service, port in SERVICE_PORTS.items():
        job = jobs[service]
        assert job.get("metrics_path", "/metrics") == "/metrics"
        # DNS discovery: one target per replica (the registry has several), not one name.
        assert job["dns_sd_configs"] == [{"names": [service], "type": "A", "port": port}]


def test_grafana_provisions_prometheus_jaeger_and_the_dashboard_folder(
    compose: dict[str, Any],
) -> None:
    provisioning = INFRA / "grafana" / "provisioning"
    sources = load_yaml(provisioning / "datasources" / "datasources.yml")["datasources"]
    assert {(s["type"], s["url"]) for s in sources} == {
        ("prometheus", "http://prometheus:9090"),
        ("jaeger", "http://jaeger:16686"),
    }
    [provider] = load_yaml(provisioning / "dashboards" / "dashboards.yml")["providers"]
    mounts = compose["services"]["grafana"]["volumes"]
    assert f"./infra/grafana/dashboards:{provider['options']['path']}:ro" in mounts


def test_the_dashboard_shows_what_operators_asked_for() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    titles = " | ".join(p["title"].lower() for p in dashboard["panels"])
    for wanted in ("ingest rate", "lag", "batch time", "match", "deliveries", "errors"):
        assert wanted in titles, f"no panel about {wanted}: {titles}"
    uids = {
        s["uid"]
        for s in load_yaml(INFRA / "grafana/provisioning/datasources/datasources.yml")[
            "datasources"
        ]
    }
    for panel in dashboard["panels"]:
        assert panel["datasource"]["uid"] in uids
        assert panel["targets"] and all(t["expr"].strip() for t in panel["targets"])
        assert len({t["refId"] for t in panel["targets"]}) == len(panel["targets"])


def test_dashboard_queries_read_this_projects_metrics() -> None:
    names = {n for expr in dashboard_queries(DASHBOARD) for n in promql_metric_names(expr)}
    prefixes = ("registry_", "matching_", "notifications_", "http_request")
    assert all(name.startswith(prefixes) for name in names), names
    lag = {"matching_consumer_lag_records", "notifications_consumer_lag_records"}
    assert lag <= names


def test_the_collector_passes_otlp_traces_to_jaeger(compose: dict[str, Any]) -> None:
    config = load_yaml(INFRA / "otel" / "collector.yaml")
    pipeline = config["service"]["pipelines"]["traces"]
    assert pipeline["receivers"] == ["otlp"]
    [exporter] = pipeline["exporters"]
    assert config["exporters"][exporter]["endpoint"] == "jaeger:4317"
    assert set(config["receivers"]["otlp"]["protocols"]) == {"grpc", "http"}
    assert compose["services"]["jaeger"]["environment"]["COLLECTOR_OTLP_ENABLED"] == "true"
