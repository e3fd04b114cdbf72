"""Issue 16 against a registry process with the shipped defaults: secrets refused inside events
(D3), event identity per source (D4), Content-Type (D5), the documented body limit (D6), event
times in a window, and batches charged per event."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest

from tests.integration.security.conftest import error_of
from tests.integration.security.lone_registry import System, lone_registry, new_system
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.integration
RATE_LIMIT_PER_MINUTE = 40  # per key; the only setting changed from the defaults
DOCUMENTED_BODY_LIMIT = 65_536  # docs/security.md


@pytest.fixture(scope="module")
def registry(topic_prefix: str, kafka_bootstrap: str) -> Iterator[ServiceProcess]:
    with lone_registry(
        topic_prefix, kafka_bootstrap, "admission", rate_limit_per_minute=str(RATE_LIMIT_PER_MINUTE)
    ) as service:
        yield service


@pytest.fixture
def system(registry: ServiceProcess) -> System:
    return new_system(registry.url)


def _post(client: httpx.Client, body: bytes, content_type: str | None) -> httpx.Response:
    headers = {} if content_type is None else {"Content-Type": content_type}
    return client.post("/v1/events", content=body, headers=headers)


# D3: keys and tokens inside events ----------------------------------------------------------------


def _with_secret(system: System, where: str, secret: str) -> dict[str, Any]:
    event = system.network.event("partner.registered")
    match where:
        case "id" | "source":
            event[where] = secret
        case "subject":
            event["subject"] = event["data"]["partner_id"] = secret
        case "data.name":
            event["data"]["name"] = f"Partner {secret}"
        case "data.aliases":
            event["data"]["aliases"] = ["ok", secret]
        case "object key":
            event["data"][secret] = "x"
    return event


@pytest.mark.parametrize(
    "where", ["id", "subject", "source", "data.name", "data.aliases", "object key"]
)
def test_a_key_inside_an_event_is_refused_without_being_repeated(
    registry: ServiceProcess, system: System, where: str
) -> None:
    victim = new_system(registry.url)  # a real key of another system, leaked into an event
    with system.client() as client:
        response = client.post("/v1/events", json=_with_secret(system, where, victim.token))
        listed = client.get("/v1/partners", params={"limit": 200})
    assert error_of(response) == (422, "secret_in_event"), response.text
    secret = victim.token.split(".", 1)[1]
    assert secret not in response.text and victim.token not in listed.text


@pytest.mark.parametrize(
    "secret",
    ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "local-admin-token"],
    ids=["whsec", "admin"],
)
def test_a_webhook_secret_or_the_admin_token_inside_an_event_is_refused(
    system: System, secret: str
) -> None:
    with system.client() as client:
        response = client.post("/v1/events", json=_with_secret(system, "data.name", secret))
    assert error_of(response) == (422, "secret_in_event")
    assert secret not in response.text


def test_a_batch_does_not_echo_a_key_sent_as_an_item_id(
    registry: ServiceProcess, system: System
) -> None:
    victim = new_system(registry.url)
    good = system.network.event("partner.registered")
    with system.client() as client:
        response = client.post(
            "/v1/events:batch", json=[good, _with_secret(system, "id", victim.token)]
        )
    assert response.status_code == 200, response.text
    first, second = response.json()["results"]
    assert (first["status"], first["id"]) == (202, good["id"])
    assert (second["status"], second["id"]) == (422, None)
    assert victim.token.split(".", 1)[1] not in response.text


# D4: (source, id) identifies an event -----------------------------------------------------------


def test_event_ids_are_unique_per_source_and_reveal_nothing_across_sources(
    registry: ServiceProcess,
) -> None:
    a, b = new_system(registry.url), new_system(registry.url)
    b_event = b.network.event("partner.registered")
    a_event = a.network.event("partner.registered")
    a_event["id"] = b_event["id"]  # same id, another source, another aggregate
    with b.client() as b_client, a.client() as a_client:
        b_first = b_client.post("/v1/events", json=b_event)
        assert b_first.status_code == 202, b_first.text
        assert a_client.post("/v1/events", json=a_event).status_code == 202
        # A replays B's exact event under B's source: refused for the source, no position.
        stolen = a_client.post("/v1/events", json=b_event)
        assert error_of(stolen) == (403, "source_not_allowed")
        assert '"offset"' not in stolen.text and b_event["id"] not in stolen.text
        # Each source still gets its own duplicates back.
        b_again = b_client.post("/v1/events", json=b_event)
        a_again = a_client.post("/v1/events", json=a_event)
    assert (b_again.status_code, b_again.json()) == (200, b_first.json() | {"duplicate": True})
    # A's own position, not B's: two events on different partitions may share an offset.
    position = ("topic", "partition", "offset")
    assert a_again.status_code == 200
    assert [a_again.json()[k] for k in position] != [b_first.json()[k] for k in position]


# D5: Content-Type --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
        "multipart/form-data; boundary=x",
        "application/cloudevents-batch+json",
    ],
)
def test_a_single_event_that_is_not_declared_json_is_415(system: System, content_type: str) -> None:
    event = system.network.event("partner.registered")
    with system.client() as client:
        response = _post(client, orjson.dumps(event), content_type)
        subject = client.get(f"/v1/partners/{event['subject']}")
    assert error_of(response) == (415, "unsupported_media_type")
    assert subject.status_code == 404


@pytest.mark.parametrize(
    "content_type",
    ["application/cloudevents+json", "application/json", "application/json; charset=utf-8", None],
)
def test_structured_cloudevents_and_plain_json_are_accepted(
    system: System, content_type: str | None
) -> None:
    with system.client() as client:
        response = _post(
            client, orjson.dumps(system.network.event("partner.registered")), content_type
        )
    assert response.status_code == 202, response.text


# D6: one documented limit ----------------------------------------------------------------------


def test_a_single_event_body_over_the_documented_64_kib_is_413(system: System) -> None:
    event = system.network.event("partner.registered")
    event["padding"] = "x" * DOCUMENTED_BODY_LIMIT
    with system.client() as client:
        response = _post(client, orjson.dumps(event), "application/json")
    assert error_of(response) == (413, "body_too_large")


def test_an_event_over_64_kib_inside_a_batch_is_refused_and_the_rest_accepted(
    system: System,
) -> None:
    net = system.network
    small, large = (net.event("partner.registered", subject=net.id(n)) for n in ("s", "l"))
    # No partner field holds 64 KiB; the size is judged before the schema, as for a single body.
    large["data"]["description"] = "x" * DOCUMENTED_BODY_LIMIT
    with system.client() as client:
        response = client.post("/v1/events:batch", json=[small, large])
    results = response.json()["results"]
    assert [r["status"] for r in results] == [202, 413], response.text
    assert results[1]["error"]["code"] == "event_too_large"


# Event times --------------------------------------------------------------------------------------


@pytest.mark.parametrize("time", ["0001-01-01T00:00:00Z", "2999-01-01T00:00:00Z"])
def test_an_event_time_outside_the_documented_window_is_422(system: System, time: str) -> None:
    event = system.network.event("partner.registered")
    event["time"] = time
    with system.client() as client:
        response = client.post("/v1/events", json=event)
    assert error_of(response) == (422, "time_out_of_range")
    assert response.json()["error"]["details"][0]["field"] == "time"


# Batches cost one token per event ----------------------------------------------------------------


def test_a_batch_is_charged_per_event(system: System) -> None:
    count = RATE_LIMIT_PER_MINUTE * 3 // 4
    net = system.network
    batches = [
        [net.event("partner.registered", subject=net.id(f"{b}{i}")) for i in range(count)]
        for b in "ab"
    ]
    with system.client() as client:
        first = client.post("/v1/events:batch", json=batches[0])
        second = client.post("/v1/events:batch", json=batches[1])
        too_big = client.post("/v1/events:batch", json=batches[0] + batches[1])
    assert first.status_code == 200 and first.json()["accepted"] == count, first.text
    assert error_of(second) == (429, "rate_limited")
    assert int(second.headers["Retry-After"]) >= 1
    assert error_of(too_big) == (429, "rate_limited")
    assert "smaller batches" in too_big.json()["error"]["message"]
