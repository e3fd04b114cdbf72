"""The HTTP API in process with an in-memory publisher: keys, roles, limits and precise refusals."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest
import pytest_asyncio
from registry.bootstrap import create_app
from registry.config import Settings
from registry.domain.view import RegistryView
from registry.service_layer.keys import KeyService
from registry.service_layer.submission import Submission

from tests.unit.registry.builders import raw
from tests.unit.registry.fakes import InMemoryPublisher

ADMIN = {"Authorization": "Bearer local-admin-token"}
SOURCE = "/systems/vista-crm"


@dataclasses.dataclass
class Api:
    client: httpx.AsyncClient
    publisher: InMemoryPublisher

    async def issue(self, **body: Any) -> dict[str, Any]:
        body = {"system": "vista-crm", "sources": [SOURCE]} | body
        response = await self.client.post("/v1/admin/keys", json=body, headers=ADMIN)
        assert response.status_code == 201, response.text
        issued: dict[str, Any] = response.json()
        return issued

    async def key(self, **body: Any) -> dict[str, str]:
        return {"X-API-Key": (await self.issue(**body))["token"]}


@pytest_asyncio.fixture
async def api(request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    overrides = getattr(request, "param", {})
    settings = Settings(max_body_bytes=4096, max_batch_items=3, page_size_max=50, **overrides)
    app = create_app(settings)
    # Swap Kafka for memory: the same wiring as bootstrap.build_registry, minus the broker.
    real = app.state.registry
    real.lease.admitting = True  # no Kafka group here: this app is the one that admits
    publisher, view = InMemoryPublisher(), RegistryView()
    app.state.registry = dataclasses.replace(
        real,
        publisher=publisher,
        view=view,
        submission=Submission(view, publisher, ""),
        key_service=KeyService(real.keys, publisher, "keys", "local-key-pepper"),
        followers=[],
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://registry") as client:
        yield Api(client, publisher)


def error(response: httpx.Response) -> tuple[int, str]:
    body = response.json()["error"]
    assert body["status"] == response.status_code
    return response.status_code, body["code"]


# Authentication -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "missing API key"),
        ({"X-API-Key": "not-a-key"}, "malformed API key"),
        ({"Authorization": "Basic dXNlcjpwdw=="}, "missing API key"),
        ({"X-API-Key": "llk_0123456789ab.wrong"}, "unknown or wrong API key"),
    ],
)
async def test_requests_without_a_valid_key_are_unauthorized(
    api: Api, headers: dict[str, str], reason: str
) -> None:
    response = await api.client.get("/v1/partners", headers=headers)
    assert error(response) == (401, "unauthorized")
    assert reason in response.json()["error"]["message"]
    assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_a_wrong_secret_for_an_existing_key_is_unauthorized(api: Api) -> None:
    issued = await api.issue()
    forged = issued["token"].rsplit(".", 1)[0] + ".forged"
    response = await api.client.get("/v1/partners", headers={"X-API-Key": forged})
    assert error(response) == (401, "unauthorized")


async def test_a_key_works_as_bearer_token_and_stops_working_once_revoked(api: Api) -> None:
    issued = await api.issue()
    bearer = {"Authorization": f"Bearer {issued['token']}"}
    assert (await api.client.get("/v1/partners", headers=bearer)).status_code == 200
    revoked = await api.client.delete(f"/v1/admin/keys/{issued['key_id']}", headers=ADMIN)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    response = await api.client.get("/v1/partners", headers=bearer)
    assert error(response) == (401, "unauthorized")
    assert "revoked" in response.json()["error"]["message"]


async def test_an_expired_key_is_unauthorized(api: Api) -> None:
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    headers = await api.key(expires_at=yesterday)
    response = await api.client.get("/v1/partners", headers=headers)
    assert error(response) == (401, "unauthorized")
    assert "expired" in response.json()["error"]["message"]


async def test_an_expiry_without_offset_is_refused_when_the_key_is_issued(api: Api) -> None:
    body = {"system": "vista-crm", "sources": [SOURCE], "expires_at": "2030-01-01T00:00:00"}
    response = await api.client.post("/v1/admin/keys", json=body, headers=ADMIN)
    assert error(response) == (422, "invalid_request")
    assert response.json()["error"]["details"][0]["field"] == "expires_at"


# Administration -----------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"X-API-Key": "x"}])
async def test_key_administration_needs_the_admin_token(api: Api, headers: dict[str, str]) -> None:
    response = await api.client.get("/v1/admin/keys", headers=headers)
    assert error(response) == (401, "unauthorized")


async def test_a_partner_key_needs_a_source_and_a_listed_key_shows_no_secret(api: Api) -> None:
    response = await api.client.post("/v1/admin/keys", json={"system": "crm"}, headers=ADMIN)
    assert error(response) == (422, "invalid_request")
    issued = await api.issue()
    assert issued["token"].startswith(f"llk_{issued['key_id']}.")
    listed = await api.client.get("/v1/admin/keys", headers=ADMIN)
    assert [k["key_id"] for k in listed.json()] == [issued["key_id"]]
    assert "secret_hash" not in listed.text and issued["token"] not in listed.text
    # The record on the key topic carries the hash, never the token.
    ((_, stored),) = api.publisher.logs["keys"]
    assert issued["token"].split(".")[1].encode() not in stored
    assert orjson.loads(stored)["secret_hash"]


async def test_unknown_keys_cannot_be_revoked_or_granted(api: Api) -> None:
    assert error(await api.client.delete("/v1/admin/keys/nosuchkey", headers=ADMIN)) == (
        404,
        "not_found",
    )
    grant = await api.client.post(
        "/v1/admin/keys/nosuchkey/grants", json={"aggregate_ids": ["x"]}, headers=ADMIN
    )
    assert error(grant) == (404, "not_found")


# Roles, ownership, rate ---------------------------------------------------------------------------


async def test_coordinators_read_but_may_not_post_events(api: Api) -> None:
    headers = await api.key(role="coordinator", sources=[])
    assert (await api.client.get("/v1/initiatives", headers=headers)).status_code == 200
    response = await api.client.post("/v1/events", json=raw("partner.registered"), headers=headers)
    assert error(response) == (403, "forbidden")
    assert set(api.publisher.logs) == {"keys"}


async def test_writing_another_sources_aggregate_needs_a_grant(api: Api) -> None:
    owner = await api.key()
    other = await api.issue(system="other-crm", sources=["/systems/other-crm"])
    other_headers = {"X-API-Key": other["token"]}
    assert (
        await api.client.post("/v1/events", json=raw("partner.registered"), headers=owner)
    ).status_code == 202
    update = raw("partner.updated", sequence=2, source="/systems/other-crm")
    response = await api.client.post("/v1/events", json=update, headers=other_headers)
    assert error(response) == (403, "not_owner")
    claim = await api.client.post(
        "/v1/events", json=raw("partner.registered", subject="x", data={"partner_id": "x"}),
        headers=other_headers,
    )  # fmt: skip
    assert error(claim) == (403, "source_not_allowed")
    granted = await api.client.post(
        f"/v1/admin/keys/{other['key_id']}/grants",
        json={"aggregate_ids": ["vista-college"]},
        headers=ADMIN,
    )
    assert granted.json()["granted_aggregates"] == ["vista-college"]
    assert (
        await api.client.post("/v1/events", json=update, headers=other_headers)
    ).status_code == 202


@pytest.mark.parametrize("api", [{"rate_limit_per_minute": 2}], indirect=True)
async def test_each_key_has_its_own_rate_limit_with_retry_after(api: Api) -> None:
    first, second = await api.key(), await api.key()
    for _ in range(2):
        assert (await api.client.get("/v1/partners", headers=first)).status_code == 200
    limited = await api.client.get("/v1/partners", headers=first)
    assert error(limited) == (429, "rate_limited")
    assert 1 <= int(limited.headers["Retry-After"]) <= 30  # 2 per minute: one every 30 s
    assert (await api.client.get("/v1/partners", headers=second)).status_code == 200


# Bodies -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b'{"specversion": "1.0",', "application/json", (400, "malformed_json")),
        (b"[]", "application/json", (400, "not_an_object")),
        (b"\xff\xfe", "application/json", (400, "malformed_json")),
        (b"x" * 5000, "application/json", (413, "body_too_large")),
        (orjson.dumps(raw("partner.registered", type="nl.livinglab.x.v1")), None,
         (422, "invalid_event")),
    ],
)  # fmt: skip
async def test_malformed_single_posts_are_refused_with_their_code(
    api: Api, body: bytes, content_type: str | None, expected: tuple[int, str]
) -> None:
    headers = await api.key() | ({"Content-Type": content_type} if content_type else {})
    response = await api.client.post("/v1/events", content=body, headers=headers)
    assert error(response) == expected
    assert set(api.publisher.logs) == {"keys"}


async def test_a_streamed_body_over_the_limit_is_refused_without_a_length(api: Api) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(10):
            yield b" " * 1000

    response = await api.client.post("/v1/events", content=chunks(), headers=await api.key())
    assert error(response) == (413, "body_too_large")


async def test_a_batch_answers_per_item_in_order(api: Api) -> None:
    headers = await api.key()
    items = [raw("partner.registered", event_id="b-1"), raw("partner.updated"), 7]
    response = await api.client.post("/v1/events:batch", json=items, headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert (body["accepted"], body["duplicates"], body["refused"]) == (1, 0, 2)
    assert [(r["index"], r["id"], r["status"]) for r in body["results"]] == [
        (0, "b-1", 202),
        (1, items[1]["id"], 409),  # stale: sequence 1 after the registration's 1
        (2, None, 400),
    ]
    assert body["results"][1]["error"]["details"][0]["field"] == "sequence"


async def test_an_ndjson_batch_is_read_line_by_line(api: Api) -> None:
    lines = [raw("partner.registered", event_id="n-1"), raw("partner.registered", event_id="n-1")]
    body = b"\n".join(orjson.dumps(line) for line in lines) + b"\n\n"
    headers = await api.key() | {"Content-Type": "application/x-ndjson"}
    response = await api.client.post("/v1/events:batch", content=body, headers=headers)
    assert [r["status"] for r in response.json()["results"]] == [202, 200]


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"[1, 2, 3, 4]", "application/json", (413, "batch_too_large")),
        (b'{"id": "x"}', "application/json", (400, "not_an_array")),
        (b"[]", "text/plain", (415, "unsupported_media_type")),
        (b'{"a": 1}\n{"b": ', "application/x-ndjson", (400, "malformed_json")),
    ],
)
async def test_malformed_batches_are_refused_as_a_whole(
    api: Api, body: bytes, content_type: str, expected: tuple[int, str]
) -> None:
    headers = await api.key() | {"Content-Type": content_type}
    response = await api.client.post("/v1/events:batch", content=body, headers=headers)
    assert error(response) == expected


async def test_a_broker_outage_is_a_503_with_retry_after(api: Api) -> None:
    headers = await api.key()
    api.publisher.down = True
    response = await api.client.post("/v1/events", json=raw("partner.registered"), headers=headers)
    assert error(response) == (503, "kafka_unavailable")
    assert response.headers["Retry-After"] == "5"
    issuing = await api.client.post(
        "/v1/admin/keys", json={"system": "s", "sources": ["/s"]}, headers=ADMIN
    )
    assert error(issuing) == (503, "kafka_unavailable")


# Reads --------------------------------------------------------------------------------------------


async def test_posted_events_are_readable_and_unknown_ids_are_404(api: Api) -> None:
    headers = await api.key()
    for event in (raw("initiative.registered"), raw("partner.registered")):
        assert (await api.client.post("/v1/events", json=event, headers=headers)).status_code == 202
    partner = await api.client.get("/v1/partners/vista-college", headers=headers)
    assert partner.json()["name"] == "VISTA college"
    listed = await api.client.get("/v1/initiatives", params={"region": "CR39"}, headers=headers)
    assert [i["id"] for i in listed.json()["items"]] == ["cop-limburg"]
    wrong_type = await api.client.get("/v1/partners/cop-limburg", headers=headers)
    assert error(wrong_type) == (404, "not_found")
    too_many = await api.client.get("/v1/partners", params={"limit": 51}, headers=headers)
    assert error(too_many) == (422, "invalid_request")
    assert too_many.json()["error"]["details"][0]["field"] == "limit"


async def test_the_openapi_document_resolves_every_event_schema(api: Api) -> None:
    document = (await api.client.get("/openapi.json")).json()
    schemas = document["components"]["schemas"]
    body = document["paths"]["/v1/events"]["post"]["requestBody"]["content"]["application/json"]
    refs = [option["$ref"].rsplit("/", 1)[1] for option in body["schema"]["oneOf"]]
    # 13 + the three owners' confirmations (the registry's own notices are not posted) + a merge
    assert len(refs) == 17 and all(ref in schemas for ref in refs)


@pytest.mark.parametrize(
    "spelled",
    [
        b'"llk_0123456789ab\\u002eS3cretPart"',  # the dot as a JSON escape
        b'"llk\\u005f0123456789ab.S3cretPart"',  # the underscore as a JSON escape
        b'"llk_0123456789ab.S3cret\\u0050art"',  # an escape inside the secret
    ],
)
async def test_a_secret_spelled_with_json_escapes_is_still_refused(
    api: Api, spelled: bytes
) -> None:
    # The body is screened as orjson writes it again, not as the client spelled it.
    event = raw("partner.registered")
    data = orjson.dumps(event["data"])[:-1] + b',"legal_form":' + spelled + b"}"
    body = orjson.dumps(event | {"data": None}).replace(b'"data":null', b'"data":' + data)
    response = await api.client.post("/v1/events", content=body, headers=await api.key())
    assert error(response) == (422, "secret_in_event")
    assert response.json()["error"]["details"][0]["field"] == "data.legal_form"
    assert set(api.publisher.logs) == {"keys"}
