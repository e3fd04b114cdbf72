"""CloudEvents HTTP protocol binding on POST /v1/events, posted with the official CloudEvents
Python SDK (`cloudevents` 2.x): binary content mode (ce-* headers, the data as the body),
structured mode and a batched post, against a real registry on its own Kafka topics (issue 18)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import orjson
import pytest
from cloudevents.core.bindings import http
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from tests.integration.security.conftest import error_of
from tests.integration.security.lone_registry import System, lone_registry, new_system
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def registry(topic_prefix: str, kafka_bootstrap: str) -> Iterator[ServiceProcess]:
    with lone_registry(topic_prefix, kafka_bootstrap, "ce-http") as service:
        yield service


@pytest.fixture
def system(registry: ServiceProcess) -> System:
    return new_system(registry.url)


def sdk_event(raw: dict[str, Any]) -> CloudEvent:
    """The project's event as the SDK's CloudEvent (the SDK wants `time` as a datetime)."""
    attributes = {name: value for name, value in raw.items() if name != "data"}
    attributes["time"] = datetime.fromisoformat(attributes["time"])
    return CloudEvent(attributes, raw["data"])


def test_binary_mode_from_the_sdk_is_accepted_as_the_same_event_as_structured_mode(
    system: System,
) -> None:
    event = system.network.event("partner.registered")
    binary = http.to_binary_event(sdk_event(event))
    structured = http.to_structured_event(sdk_event(event))
    assert "ce-type" in binary.headers and orjson.loads(binary.body) == event["data"]
    with system.client() as client:
        first = client.post("/v1/events", content=binary.body, headers=binary.headers)
        # Same id, same body: the structured post is recognised as the event already stored.
        again = client.post("/v1/events", content=structured.body, headers=structured.headers)
        stored = client.get(f"/v1/partners/{event['subject']}")
    assert first.status_code == 202, first.text
    assert again.status_code == 200, again.text
    positions = ("topic", "partition", "offset")
    assert [again.json()[k] for k in positions] == [first.json()[k] for k in positions]
    assert stored.status_code == 200
    assert stored.json()["name"] == event["data"]["name"]


def test_structured_mode_from_the_sdk_is_accepted(system: System) -> None:
    message = http.to_structured_event(sdk_event(system.network.event("partner.registered")))
    assert message.headers["content-type"] == "application/cloudevents+json"
    with system.client() as client:
        response = client.post("/v1/events", content=message.body, headers=message.headers)
    assert response.status_code == 202, response.text


def test_a_batch_of_sdk_events_is_accepted(system: System) -> None:
    net = system.network
    events = [net.event("partner.registered", subject=net.id(f"p{n}")) for n in range(3)]
    body = b"[" + b",".join(JSONFormat().write(sdk_event(e)) for e in events) + b"]"
    headers = {"Content-Type": "application/cloudevents-batch+json"}
    with system.client() as client:
        response = client.post("/v1/events:batch", content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == [202, 202, 202]


def test_binary_header_values_are_percent_decoded(system: System) -> None:
    event = system.network.event("partner.registered")
    message = http.to_binary_event(sdk_event(event))
    headers = message.headers | {
        "ce-source": event["source"].replace("/", "%2F"),
        "ce-time": event["time"].replace(":", "%3A").replace("+", "%2B"),
        "Content-Type": "application/json; charset=utf-8",
    }
    with system.client() as client:
        response = client.post("/v1/events", content=message.body, headers=headers)
        structured = client.post("/v1/events", json=event)
    assert response.status_code == 202, response.text
    assert structured.status_code == 200, structured.text


def test_a_binary_request_without_ce_type_is_422_naming_the_header(system: System) -> None:
    message = http.to_binary_event(sdk_event(system.network.event("partner.registered")))
    headers = {k: v for k, v in message.headers.items() if k != "ce-type"}
    with system.client() as client:
        response = client.post("/v1/events", content=message.body, headers=headers)
    assert error_of(response) == (422, "invalid_event")
    assert "ce-type" in response.json()["error"]["message"]
    assert [d["field"] for d in response.json()["error"]["details"]] == ["ce-type"]


def test_binary_data_that_is_not_json_is_415(system: System) -> None:
    message = http.to_binary_event(sdk_event(system.network.event("partner.registered")))
    headers = message.headers | {"Content-Type": "text/plain"}
    with system.client() as client:
        response = client.post("/v1/events", content=b"vista college", headers=headers)
    assert error_of(response) == (415, "unsupported_media_type")


def test_binary_mode_meets_the_same_contract_and_keys(system: System) -> None:
    event = system.network.event("partner.registered")
    event["data"]["kind"] = "not-a-kind"
    message = http.to_binary_event(sdk_event(event))
    with system.client() as client:
        invalid = client.post("/v1/events", content=message.body, headers=message.headers)
        bad_sequence = client.post(
            "/v1/events", content=message.body, headers=message.headers | {"ce-sequence": "first"}
        )
    unauthenticated = http.to_binary_event(sdk_event(system.network.event("partner.registered")))
    with system.client() as client:
        client.headers.pop("X-API-Key")
        anonymous = client.post(
            "/v1/events", content=unauthenticated.body, headers=unauthenticated.headers
        )
    assert error_of(invalid) == (422, "invalid_event")
    assert any(d["field"] == "data.kind" for d in invalid.json()["error"]["details"])
    assert error_of(bad_sequence) == (422, "invalid_event")
    assert any(d["field"] == "sequence" for d in bad_sequence.json()["error"]["details"])
    assert anonymous.status_code == 401
