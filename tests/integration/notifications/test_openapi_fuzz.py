"""Schemathesis against the notification service's OpenAPI document: no request is a 5xx or
hangs, and every status it answers with is declared in the document.

As for the registry (tests/integration/registry/test_openapi_fuzz.py) the document is built in
process at collection time and checked to be exactly what the live process serves. Each
operation is fuzzed with a coordinator key, a partner-system key and without a key (then the
generated Authorization / X-API-Key headers, absent or garbage, are what the service sees).
`GET /v1/feed` answers a valid key with an endless event stream: for it only the status line
and headers are read, then the connection is closed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from notifications.bootstrap import create_app
from notifications.config import Settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from scripts.create_topics import create_all
from tests.integration.registry.harness import issue_key, registry_env
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.integration


async def _document() -> dict[str, Any]:
    # The app builds Kafka clients, which want a running event loop (nothing connects).
    return create_app(Settings()).openapi()


DOCUMENT = asyncio.run(_document())
schema = schemathesis.openapi.from_dict(DOCUMENT)


@pytest.fixture(scope="module")
def fuzzed_notifications(
    topic_prefix: str, kafka_bootstrap: str
) -> Iterator[tuple[ServiceProcess, dict[str, str]]]:
    """A notification process on its own topics, and a coordinator and a partner-system key."""
    prefix = f"{topic_prefix}nfuzz."
    asyncio.run(create_all(kafka_bootstrap, prefix))
    registry = ServiceProcess(
        "registry", registry_env(prefix, kafka_bootstrap), name="registry-nfuzz"
    ).start()
    service = ServiceProcess(
        "notifications",
        {"TOPIC_PREFIX": prefix, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap},
        name="notifications-fuzz",
    )
    try:
        tokens = {
            "coordinator": issue_key(registry.url, system="fuzz-coord", role="coordinator"),
            "partner": issue_key(registry.url, system="fuzz-partner", sources=["/systems/fz"]),
        }
        service.start()
        assert httpx.get(f"{service.url}/openapi.json").json() == DOCUMENT
        yield service, {who: issued["token"] for who, issued in tokens.items()}
    finally:
        service.stop()
        registry.stop()


def _feed_status(case: schemathesis.Case, base_url: str, headers: dict[str, str] | None) -> int:
    """The feed's status without reading its (endless) body; checks the stream's media type."""
    kwargs = case.as_transport_kwargs(base_url=base_url, headers=headers)
    request_headers = {k: str(v) for k, v in (kwargs.get("headers") or {}).items()}
    with (
        httpx.Client(timeout=30) as client,
        client.stream(
            kwargs["method"], kwargs["url"], headers=request_headers, params=kwargs.get("params")
        ) as response,
    ):
        if response.status_code == 200:
            assert response.headers["content-type"].startswith("text/event-stream")
        else:
            assert response.headers["content-type"] == "application/json"
            response.read()
            assert response.json()["error"]["status"] == response.status_code
        return response.status_code


@pytest.mark.parametrize("auth", ["coordinator", "partner", "none"])
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_is_a_server_error_or_undocumented(
    case: schemathesis.Case,
    auth: str,
    fuzzed_notifications: tuple[ServiceProcess, dict[str, str]],
) -> None:
    service, tokens = fuzzed_notifications
    headers = {"X-API-Key": tokens[auth]} if auth in tokens else None
    if case.path == "/v1/feed" and case.method.upper() == "GET":
        status = _feed_status(case, service.url, headers)
        assert str(status) in case.operation.definition.raw["responses"], status
        return
    case.call_and_validate(
        base_url=service.url,
        headers=headers,
        checks=[not_a_server_error, status_code_conformance],
        timeout=30,
    )
