"""The CloudEvents distributed-tracing extension on POST /v1/events (contract 1.4, issue 18),
posted with the official CloudEvents Python SDK against a real registry on its own topics:
`traceparent`/`tracestate` as binary-mode headers (`ce-traceparent`) and as structured-mode
members are accepted and reach Kafka unchanged; a malformed one is a 422 naming it; the same
event under another trace is a duplicate. Tracing is off in this registry, so it adds none."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from cloudevents.core.bindings import http

from tests.integration.cloudevents.test_http_content_modes import sdk_event
from tests.integration.security.conftest import error_of
from tests.integration.security.lone_registry import System, lone_registry, new_system
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.integration
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
OTHER_TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"


@pytest.fixture(scope="module")
def registry(topic_prefix: str, kafka_bootstrap: str) -> Iterator[ServiceProcess]:
    with lone_registry(topic_prefix, kafka_bootstrap, "ce-trace") as service:
        yield service


@pytest.fixture
def system(registry: ServiceProcess) -> System:
    return new_system(registry.url)


def stored(bootstrap: str, accepted: dict[str, Any]) -> dict[str, Any]:
    """The event on Kafka at the position the registry answered."""

    async def read() -> bytes:
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
        await consumer.start()
        try:
            partition = TopicPartition(accepted["topic"], accepted["partition"])
            consumer.assign([partition])
            consumer.seek(partition, accepted["offset"])
            record = await asyncio.wait_for(consumer.getone(), 20)
            assert record.value is not None
            return record.value
        finally:
            await consumer.stop()

    value: dict[str, Any] = orjson.loads(asyncio.run(read()))
    return value


def test_binary_mode_trace_headers_reach_kafka_unchanged(
    system: System, kafka_bootstrap: str
) -> None:
    event = system.network.event("partner.registered")
    message = http.to_binary_event(
        sdk_event(event | {"traceparent": TRACEPARENT, "tracestate": TRACESTATE})
    )
    assert message.headers["ce-traceparent"] == TRACEPARENT
    with system.client() as client:
        response = client.post("/v1/events", content=message.body, headers=message.headers)
    assert response.status_code == 202, response.text
    record = stored(kafka_bootstrap, response.json())
    assert (record["id"], record["traceparent"]) == (event["id"], TRACEPARENT)
    assert record["tracestate"] == TRACESTATE


def test_a_structured_mode_traceparent_member_reaches_kafka_unchanged(
    system: System, kafka_bootstrap: str
) -> None:
    event = system.network.event("partner.registered") | {"traceparent": TRACEPARENT}
    message = http.to_structured_event(sdk_event(event))
    assert orjson.loads(message.body)["traceparent"] == TRACEPARENT
    with system.client() as client:
        response = client.post("/v1/events", content=message.body, headers=message.headers)
    assert response.status_code == 202, response.text
    record = stored(kafka_bootstrap, response.json())
    assert record["traceparent"] == TRACEPARENT and "tracestate" not in record


def test_with_tracing_off_the_registry_adds_no_trace_attribute(
    system: System, kafka_bootstrap: str
) -> None:
    with system.client() as client:
        response = client.post("/v1/events", json=system.network.event("partner.registered"))
    assert response.status_code == 202, response.text
    assert not {"traceparent", "tracestate"} & set(stored(kafka_bootstrap, response.json()))


@pytest.mark.parametrize("mode", ["binary", "structured"])
def test_a_malformed_traceparent_is_422_naming_it(system: System, mode: str) -> None:
    event = system.network.event("partner.registered") | {"traceparent": TRACEPARENT.upper()}
    to_message = http.to_binary_event if mode == "binary" else http.to_structured_event
    message = to_message(sdk_event(event))
    with system.client() as client:
        response = client.post("/v1/events", content=message.body, headers=message.headers)
    assert error_of(response) == (422, "invalid_event")
    error = response.json()["error"]
    assert error["message"].startswith("event refused: traceparent: ")
    assert [(d["field"], d["rule"]) for d in error["details"]] == [
        ("traceparent", "traceparent_format")
    ]


def test_the_same_event_under_another_trace_is_a_duplicate(system: System) -> None:
    event = system.network.event("partner.registered")
    first = http.to_binary_event(sdk_event(event | {"traceparent": TRACEPARENT}))
    again = http.to_structured_event(sdk_event(event | {"traceparent": OTHER_TRACEPARENT}))
    with system.client() as client:
        posted = client.post("/v1/events", content=first.body, headers=first.headers)
        reposted = client.post("/v1/events", content=again.body, headers=again.headers)
        untraced = client.post("/v1/events", json=event)
    assert posted.status_code == 202, posted.text
    assert (reposted.status_code, untraced.status_code) == (200, 200), reposted.text
    assert reposted.json() == posted.json() | {"duplicate": True}
    assert untraced.json() == posted.json() | {"duplicate": True}
