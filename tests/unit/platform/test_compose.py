"""docker-compose.yml cannot run here (no Docker engine): its promises are checked by reading it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[3]
SERVICE_PORTS = {"registry": 8001, "matching": 8002, "notifications": 8003}
# The registry runs as replicas; this service publishes their one port.
PUBLISHED_BY = {"registry": "registry-proxy"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
    return loaded


def test_uses_the_official_images_for_kafka_and_neo4j(compose: dict[str, Any]) -> None:
    assert compose["services"]["kafka"]["image"].startswith("apache/kafka:3.9")
    assert compose["services"]["neo4j"]["image"].startswith("neo4j:5.26")


@pytest.mark.parametrize("service", sorted(SERVICE_PORTS))
def test_each_service_is_built_from_its_dockerfile_and_publishes_its_port(
    compose: dict[str, Any], service: str
) -> None:
    spec = compose["services"][service]
    dockerfile = spec["build"]["dockerfile"]
    assert (REPO_ROOT / dockerfile).is_file()
    assert f"services/{service}/" in dockerfile
    port = SERVICE_PORTS[service]
    publisher = compose["services"][PUBLISHED_BY.get(service, service)]
    assert f"{port}:{port}" in publisher["ports"]
    assert spec["environment"][f"{service.upper()}_PORT"] == port
    assert spec["environment"][f"{service.upper()}_HOST"] == "0.0.0.0"
    assert "/ready" in " ".join(spec["healthcheck"]["test"])
    assert str(port) in " ".join(spec["healthcheck"]["test"])


@pytest.mark.parametrize("service", sorted(SERVICE_PORTS))
def test_services_wait_for_healthy_infrastructure(compose: dict[str, Any], service: str) -> None:
    depends = compose["services"][service]["depends_on"]
    assert depends["kafka"]["condition"] == "service_healthy"
    if service == "matching":
        assert depends["neo4j"]["condition"] == "service_healthy"
    assert depends["topics"]["condition"] == "service_completed_successfully"


def test_infrastructure_has_health_checks(compose: dict[str, Any]) -> None:
    for name in ("kafka", "neo4j"):
        assert compose["services"][name]["healthcheck"]["test"]


@pytest.mark.parametrize("service", sorted(SERVICE_PORTS))
def test_every_setting_without_a_safe_default_is_provided(
    compose: dict[str, Any], service: str
) -> None:
    env = compose["services"][service]["environment"]
    needed = {"KAFKA_BOOTSTRAP_SERVERS", "TOPIC_PREFIX", "REGISTRY_KEY_PEPPER"}
    if service == "matching":
        needed |= {"NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "GRAPH_NAMESPACE"}
    if service == "registry":
        needed |= {"REGISTRY_ADMIN_TOKEN"}
    if service == "notifications":
        needed |= {"NOTIFICATIONS_WEBHOOK_SECRET_KEY"}
    missing = needed - set(env)
    assert not missing, f"{service} lacks {sorted(missing)}"
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092", "containers must not point at localhost"
    if "NEO4J_URI" in env:
        assert env["NEO4J_URI"] == "bolt://neo4j:7687"


@pytest.mark.parametrize("service", sorted(SERVICE_PORTS))
def test_compose_variables_are_ones_the_settings_class_reads(
    compose: dict[str, Any], service: str
) -> None:
    """A typo in compose would silently fall back to a local default; catch it here."""
    module = __import__(f"{service}.config", fromlist=["Settings"])
    settings_cls = module.Settings
    prefix = settings_cls.model_config.get("env_prefix", "")
    readable: set[str] = set()
    for name, field in settings_cls.model_fields.items():
        readable.add(f"{prefix}{name}".upper())
        alias = field.validation_alias
        if alias is not None:
            choices = getattr(alias, "choices", [alias])
            readable |= {str(choice).upper() for choice in choices}
    # FORWARDED_ALLOW_IPS is uvicorn's own (whose X-Forwarded-For to believe).
    # OTEL_* are OpenTelemetry's standard variables, read by livinglab_common.tracing and the SDK.
    extra = {
        "LOG_LEVEL",
        "FORWARDED_ALLOW_IPS",
        "OTEL_TRACES_EXPORTER",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
    }
    unknown = set(compose["services"][service]["environment"]) - readable - extra
    assert not unknown, f"{service} settings do not read {sorted(unknown)}"


def test_registry_replicas_share_one_published_port_through_the_proxy(
    compose: dict[str, Any],
) -> None:
    registry, proxy = compose["services"]["registry"], compose["services"]["registry-proxy"]
    assert registry["deploy"]["replicas"] >= 2
    assert "ports" not in registry, "replicas cannot all publish 8001 on the host"
    assert "8001" in [str(port) for port in registry["expose"]]
    assert registry["environment"]["REGISTRY_HOST"] == "0.0.0.0"  # peers reach it by host name
    assert proxy["depends_on"]["registry"]["condition"] == "service_healthy"
    [config] = proxy["configs"]
    assert config["target"] == "/etc/nginx/conf.d/default.conf"
    nginx = compose["configs"][config["source"]]["content"]
    # Compose turns $$ into $; nginx resolves the service name per request (one address per
    # replica), so replicas started later are used too.
    assert "resolver 127.0.0.11" in nginx
    assert "set $$registry http://registry:8001;" in nginx
    assert "proxy_pass $$registry;" in nginx
    assert "listen 8001;" in nginx
    assert "X-Forwarded-For $$proxy_add_x_forwarded_for" in nginx
