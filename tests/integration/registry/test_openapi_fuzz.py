"""Schemathesis against the registry's OpenAPI document: no request, however odd, is a 5xx.

The document is built in process at collection time (the plugin parametrizes one test per
operation before any server runs) and checked to be exactly what the live process serves. The
registry gets its own topics and a key for the examples' source, so the documented example
events are accepted (then duplicates) while generated ones probe every refusal.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from livinglab_contracts.examples import SOURCE
from registry.bootstrap import create_app
from registry.config import Settings
from schemathesis.checks import not_a_server_error

from scripts.create_topics import create_all
from tests.integration.registry.harness import ADMIN, issue_key, registry_env
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.integration


DOCUMENT = create_app(Settings()).openapi()
# The coverage phase walks every field of every event type (about 11,000 requests for the two
# event routes, 30 s): it is kept for the other routes and left to fuzzing for these two.
CONFIG = schemathesis.Config.from_dict(
    {
        "operations": [
            {
                "include-path": ["/v1/events", "/v1/events:batch"],
                "phases": {"coverage": {"enabled": False}},
            }
        ]
    }
)
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)


@pytest.fixture(scope="module")
def fuzzed_registry(topic_prefix: str, kafka_bootstrap: str) -> Iterator[ServiceProcess]:
    prefix = f"{topic_prefix}fuzz."
    asyncio.run(create_all(kafka_bootstrap, prefix))
    env = registry_env(prefix, kafka_bootstrap)
    service = ServiceProcess("registry", env, name="registry-fuzz").start()
    assert httpx.get(f"{service.url}/openapi.json").json() == DOCUMENT
    yield service
    service.stop()


@pytest.fixture(scope="module")
def credentials(fuzzed_registry: ServiceProcess) -> dict[str, str]:
    """A partner key (X-API-Key wins for API-key routes) plus the admin token for /v1/admin."""
    token = issue_key(fuzzed_registry.url, system="fuzzer", sources=[SOURCE])["token"]
    return {"X-API-Key": token, **ADMIN}


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_is_a_server_error(
    case: schemathesis.Case, fuzzed_registry: ServiceProcess, credentials: dict[str, str]
) -> None:
    case.call_and_validate(
        base_url=fuzzed_registry.url, headers=credentials, checks=[not_a_server_error], timeout=30
    )
