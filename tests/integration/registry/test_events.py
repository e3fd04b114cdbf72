"""POST /v1/events against the real broker: what is accepted is on its topic, keyed by its
aggregate, exactly once; every malformed post gets its documented 4xx and writes nothing."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from livinglab_contracts import PARTNERS_TOPIC, REGISTRY_TOPICS, canonical_json, parse_event

from tests.integration.registry.harness import MAX_BODY_BYTES, Partner
from tests.integration.registry.network import TopicLog, with_event_id

pytestmark = pytest.mark.integration


async def post(partner: Partner, event: Any) -> tuple[int, dict[str, Any]]:
    async with partner.client() as client:
        response = await client.post("/v1/events", json=event)
    return response.status_code, response.json()


async def on_registry_topics(topics: TopicLog, prefix: str, event_id: str) -> list[Any]:
    found: list[Any] = []
    for topic in REGISTRY_TOPICS:
        found += with_event_id(await topics.read(prefix + topic), event_id)
    return found


async def test_an_accepted_event_is_on_its_topic_keyed_by_its_aggregate(
    partner: Partner, topics: TopicLog, topic_prefix: str
) -> None:
    event = partner.network.event("partner.registered")
    status, body = await post(partner, event)
    assert status == 202, body
    assert body["topic"] == topic_prefix + PARTNERS_TOPIC and body["duplicate"] is False
    (record,) = with_event_id(await topics.read(body["topic"]), event["id"])
    assert (record.partition, record.offset) == (body["partition"], body["offset"])
    assert record.key == event["subject"].encode()
    assert record.value == canonical_json(parse_event(event))


async def test_a_duplicate_gets_the_original_offset_and_is_written_once(
    partner: Partner, topics: TopicLog
) -> None:
    event = partner.network.event("partner.registered")
    first_status, first = await post(partner, event)
    again_status, again = await post(partner, event)
    assert (first_status, again_status) == (202, 200)
    assert again == first | {"duplicate": True}
    assert len(with_event_id(await topics.read(first["topic"]), event["id"])) == 1


async def test_the_same_id_with_another_body_is_a_409_and_not_written(
    partner: Partner, topics: TopicLog
) -> None:
    event = partner.network.event("partner.registered")
    status, first = await post(partner, event)
    assert status == 202
    changed = event | {"data": event["data"] | {"name": "Another name"}}
    status, body = await post(partner, changed)
    assert (status, body["error"]["code"]) == (409, "duplicate_id_different_body")
    assert body["error"]["details"][0]["field"] == "id"
    (record,) = with_event_id(await topics.read(first["topic"]), event["id"])
    assert orjson.loads(record.value)["data"]["name"] == "VISTA college"


async def test_a_stale_sequence_is_a_409_and_a_later_one_is_accepted(partner: Partner) -> None:
    net = partner.network
    assert (await post(partner, net.event("partner.registered", sequence=3)))[0] == 202
    for stale in (2, 3):
        status, body = await post(partner, net.event("partner.updated", sequence=stale))
        assert (status, body["error"]["code"]) == (409, "stale_sequence")
        assert body["error"]["details"][0]["field"] == "sequence"
    assert (await post(partner, net.event("partner.updated", sequence=4)))[0] == 202


def _without(event: dict[str, Any], path: str) -> dict[str, Any]:
    *parents, last = path.split(".")
    target = event
    for part in parents:
        target = target[part]
    del target[last]
    return event


# (what is wrong, how to make it so, status, error code, field, rule)
MALFORMED = [
    ("unknown type", lambda e: e | {"type": "nl.livinglab.partner.hired.v1"},
     422, "invalid_event", "type", "unknown_type"),
    ("wrong version", lambda e: e | {"type": "nl.livinglab.partner.registered.v2"},
     422, "invalid_event", "type", "unsupported_version"),
    ("no version", lambda e: e | {"type": "nl.livinglab.partner.registered"},
     422, "invalid_event", "type", "missing_version"),
    ("missing field", lambda e: _without(e, "data.name"),
     422, "invalid_event", "data.name", "missing"),
    ("missing envelope field", lambda e: _without(e, "time"),
     422, "invalid_event", "time", "missing"),
    ("wrong enum", lambda e: e | {"data": e["data"] | {"kind": "bakery"}},
     422, "invalid_event", "data.kind", "enum"),
    ("unknown region", lambda e: e | {"data": e["data"] | {"regions": ["XX99"]}},
     422, "invalid_event", "data.regions[0]", "unknown_region"),
    ("oversize string", lambda e: e | {"data": e["data"] | {"name": "x" * 201}},
     422, "invalid_event", "data.name", "string_too_long"),
    ("extra field", lambda e: e | {"colour": "blue"},
     422, "invalid_event", "colour", "extra_forbidden"),
    ("time without offset", lambda e: e | {"time": "2026-03-01T09:00:00"},
     422, "invalid_event", "time", "timezone_aware"),
    ("subject is not the aggregate", lambda e: e | {"subject": "someone-else"},
     422, "invalid_event", "subject", "subject_mismatch"),
    ("sequence as text", lambda e: e | {"sequence": "1"},
     422, "invalid_event", "sequence", "int_type"),
    ("match event", lambda e: e | {"type": "nl.livinglab.match.accepted.v1"},
     422, "invalid_event", "type", "not_accepted_here"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "status", "code", "field", "rule"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
async def test_a_malformed_event_gets_its_status_code_and_field(
    partner: Partner,
    topics: TopicLog,
    topic_prefix: str,
    change: Any,
    status: int,
    code: str,
    field: str,
    rule: str,
) -> None:
    event = change(partner.network.event("partner.registered"))
    got_status, body = await post(partner, event)
    assert (got_status, body["error"]["code"]) == (status, code), body
    assert {"field": field, "rule": rule} in [
        {"field": d["field"], "rule": d["rule"]} for d in body["error"]["details"]
    ]
    assert await on_registry_topics(topics, topic_prefix, event["id"]) == []


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b'{"specversion": "1.0", "id": ', 400, "malformed_json"),
        (b"[1, 2]", 400, "not_an_object"),
        (b'"an event"', 400, "not_an_object"),
        (b'{"pad": "' + b"x" * MAX_BODY_BYTES + b'"}', 413, "body_too_large"),
    ],
    ids=["malformed JSON", "array", "string", "oversize body"],
)
async def test_a_body_that_is_not_one_event_is_refused(
    partner: Partner, body: bytes, status: int, code: str
) -> None:
    async with partner.client() as client:
        response = await client.post(
            "/v1/events", content=body, headers={"Content-Type": "application/json"}
        )
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)


async def test_references_to_unknown_aggregates_are_422(
    partner: Partner, topics: TopicLog, topic_prefix: str
) -> None:
    net = partner.network
    assert (await post(partner, net.event("partner.registered")))[0] == 202
    refused = {
        "data.initiative_id": net.event("partner.joined-initiative", sequence=2),
        "data.publisher_id": net.event("need.published", publisher_id=net.id("nobody")),
    }
    for field, event in refused.items():
        status, body = await post(partner, event)
        assert (status, body["error"]["code"]) == (422, "unknown_reference")
        assert body["error"]["details"][0]["field"] == field
        assert await on_registry_topics(topics, topic_prefix, event["id"]) == []
    status, body = await post(partner, net.event("initiative.updated", sequence=2))
    assert (status, body["error"]["code"]) == (422, "unknown_aggregate")


async def test_a_membership_shows_on_both_sides_and_leaving_keeps_it_with_an_end(
    partner: Partner,
) -> None:
    net = partner.network
    for event in (
        net.event("initiative.registered"),
        net.event("partner.registered"),
        net.event("partner.joined-initiative", sequence=2),
    ):
        assert (await post(partner, event))[0] == 202, event["type"]
    cop, vista = net.id("cop-limburg"), net.id("vista-college")
    async with partner.client() as client:
        members = await client.get("/v1/initiatives", params={"member": vista})
        assert [i["id"] for i in members.json()["items"]] == [cop]
        assert (await post(partner, net.event("partner.left-initiative", sequence=3)))[0] == 202
        initiative = (await client.get(f"/v1/initiatives/{cop}")).json()
        assert initiative["members"][vista]["until"] == "2025-01-01"
        members = await client.get("/v1/initiatives", params={"member": vista})
        assert members.json()["items"] == []
