"""Schemathesis against the notification service's OpenAPI document: no request is a 5xx or
hangs, every status it answers with is declared in the document, every refusal is in the one
error shape, and schemathesis's other checks (response schemas, content types, negative data
refused, Allow headers, authentication not ignored) hold.

As for the registry (tests/integration/registry/test_openapi_fuzz.py) the document is built in
process at collection time and checked to be exactly what the live process serves. Each
operation is fuzzed with a coordinator key, a partner-system key and without a key (then the
generated Authorization / X-API-Key headers, absent or garbage, are what the service sees).
Private webhook targets are refused (the default), as in production. Both keys own a
subscription with a delivery, and half of the well-formed subscription ids in paths name one of
them (the caller's own or the other's), so real records are fuzzed too, not only 404s.
`GET /v1/feed` answers a valid key with an endless event stream: for it only the status line and
headers are read, then the connection is closed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx
import orjson
import pytest
import schemathesis
from aiokafka import AIOKafkaProducer
from hypothesis import HealthCheck, settings
from livinglab_contracts import MATCHES_TOPIC
from notifications.bootstrap import create_app
from notifications.config import Settings

from scripts.create_topics import create_all
from tests.integration.notifications.kafka_io import match_event
from tests.integration.registry.harness import issue_key, registry_env
from tests.integration.security.fuzzing import (
    EXCLUDED_CHECKS,
    aim_at_known_ids,
    refusals_in_the_one_error_shape,
)
from tests.support.processes import ServiceProcess
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def _document() -> dict[str, Any]:
    # The app builds Kafka clients, which want a running event loop (nothing connects).
    return create_app(Settings()).openapi()


DOCUMENT = asyncio.run(_document())
schema = schemathesis.openapi.from_dict(DOCUMENT)


@dataclass(frozen=True)
class Fuzzed:
    service: ServiceProcess
    tokens: dict[str, str]
    known: dict[str, list[str]]


async def _announce_one_match(bootstrap: str, prefix: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        event = match_event()
        await producer.send_and_wait(
            prefix + MATCHES_TOPIC, key=event["subject"].encode(), value=orjson.dumps(event)
        )
    finally:
        await producer.stop()


def _seed(service: ServiceProcess, tokens: dict[str, str], bootstrap: str, prefix: str) -> Any:
    """A feed subscription per key, then one match announced to both; returns their ids."""
    ids = []
    for token in tokens.values():
        created = httpx.post(
            f"{service.url}/v1/subscriptions", json={"name": "fuzz"}, headers={"X-API-Key": token}
        )
        assert created.status_code == 201, created.text
        ids.append(created.json()["subscription_id"])
    asyncio.run(_announce_one_match(bootstrap, prefix))
    for token, subscription_id in zip(tokens.values(), ids, strict=True):
        url = f"{service.url}/v1/subscriptions/{subscription_id}/deliveries"
        eventually(partial(_deliveries, url, token), "a delivery")
    return {"subscription_id": ids}


def _deliveries(url: str, token: str) -> int:
    total: int = httpx.get(url, headers={"X-API-Key": token}).json()["total"]
    return total


@pytest.fixture(scope="module")
def fuzzed_notifications(topic_prefix: str, kafka_bootstrap: str) -> Iterator[Fuzzed]:
    """A notification process on its own topics, and a coordinator and a partner-system key,
    each with a subscription that has a delivery."""
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
        issued = {
            "coordinator": issue_key(registry.url, system="fuzz-coord", role="coordinator"),
            "partner": issue_key(registry.url, system="fuzz-partner", sources=["/systems/fz"]),
        }
        service.start()
        assert httpx.get(f"{service.url}/openapi.json").json() == DOCUMENT
        tokens = {who: key["token"] for who, key in issued.items()}
        yield Fuzzed(service, tokens, _seed(service, tokens, kafka_bootstrap, prefix))
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
    case: schemathesis.Case, auth: str, fuzzed_notifications: Fuzzed
) -> None:
    service, tokens = fuzzed_notifications.service, fuzzed_notifications.tokens
    headers = {"X-API-Key": tokens[auth]} if auth in tokens else None
    if case.path == "/v1/feed" and case.method.upper() == "GET":
        status = _feed_status(case, service.url, headers)
        assert str(status) in case.operation.definition.raw["responses"], status
        return
    if case.method.upper() != "DELETE":
        # Deleting the seeded subscriptions would leave nothing real for the other operations.
        aim_at_known_ids(case, fuzzed_notifications.known)
    case.call_and_validate(
        base_url=service.url,
        headers=headers,
        additional_checks=[refusals_in_the_one_error_shape],
        excluded_checks=EXCLUDED_CHECKS,
        timeout=30,
    )
