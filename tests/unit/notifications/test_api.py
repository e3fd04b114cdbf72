"""The HTTP API in process, with in-memory parts: ownership, secrets, and precise refusals."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
import pytest_asyncio
from livinglab_common.keys import ApiKeyRecord, KeyRing, Role, hash_secret
from livinglab_common.ratelimit import RateLimiter
from notifications.app_state import Notifications
from notifications.bootstrap import create_app
from notifications.config import Settings
from notifications.domain.ledger_view import LedgerView
from notifications.domain.secret_box import SecretBox
from notifications.domain.subscriptions import SubscriptionBook
from notifications.service_layer.feed import FeedHub
from notifications.service_layer.subscriptions import SubscriptionService

from tests.unit.notifications.fakes import FakeResolver, InMemoryWriter

PEPPER = "unit-pepper"
SETTINGS = Settings(key_pepper=PEPPER, max_body_bytes=4096, max_subscriptions_per_owner=3)  # type: ignore[arg-type]
HOOK = {"url": "https://hooks.example.org/in"}


def key(ring: KeyRing, key_id: str, system: str, role: Role) -> dict[str, str]:
    ring.apply(
        ApiKeyRecord(
            key_id=key_id,
            secret_hash=hash_secret(PEPPER, "secret"),
            system=system,
            role=role,
            created_at=datetime.now(UTC),
        )
    )
    return {"Authorization": f"Bearer llk_{key_id}.secret"}


@pytest_asyncio.fixture
async def api() -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, dict[str, str]]]]:
    ring = KeyRing(PEPPER)
    resolver = FakeResolver({"hooks.example.org": ["93.184.215.14"], "intranet": ["10.1.1.1"]})
    service = SubscriptionService(
        SubscriptionBook(), InMemoryWriter(), "subs", SecretBox(["unit-key"]), resolver, False, 3
    )
    parts = Notifications(SETTINGS, ring, service, LedgerView(), FeedHub(10, 10), RateLimiter(600))
    app = create_app(SETTINGS, (parts, None))
    headers = {
        "zuid": key(ring, "zuid0001", "crm-zuid", Role.PARTNER_SYSTEM),
        "noord": key(ring, "noord001", "crm-noord", Role.COORDINATOR),
        "admin": key(ring, "admin001", "ops", Role.ADMIN),
    }
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client, headers


async def test_the_secret_is_returned_once_and_only_the_owner_sees_the_subscription(api) -> None:  # type: ignore[no-untyped-def]
    client, h = api
    created = await client.post(
        "/v1/subscriptions",
        json={"filters": {"regions": ["CR39"]}, "webhook": HOOK},
        headers=h["zuid"],
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["webhook_secret"].startswith("whsec_")
    sub_id = body["subscription_id"]
    mine = await client.get(f"/v1/subscriptions/{sub_id}", headers=h["zuid"])
    assert mine.status_code == 200 and "secret" not in mine.text
    assert (
        body["webhook_secret"]
        not in (await client.get("/v1/subscriptions", headers=h["zuid"])).text
    )
    assert (await client.get(f"/v1/subscriptions/{sub_id}", headers=h["noord"])).status_code == 404
    assert (await client.get("/v1/subscriptions", headers=h["noord"])).json() == []
    assert (
        await client.delete(f"/v1/subscriptions/{sub_id}", headers=h["noord"])
    ).status_code == 404
    history = await client.get(f"/v1/subscriptions/{sub_id}/deliveries", headers=h["noord"])
    assert history.status_code == 404
    assert (
        await client.delete(f"/v1/subscriptions/{sub_id}", headers=h["zuid"])
    ).status_code == 204
    assert (await client.get(f"/v1/subscriptions/{sub_id}", headers=h["zuid"])).status_code == 404


@pytest.mark.parametrize(
    ("webhook", "rule"),
    [
        ({"url": "http://intranet/hook"}, "private_address"),
        ({"url": "http://127.0.0.1:8080/hook"}, "private_address"),
        ({"url": "https://a:b@hooks.example.org/"}, "credentials_in_url"),
        ({"url": "file:///etc/passwd"}, "scheme_not_allowed"),
        ({"url": "https://nowhere.invalid/"}, "unresolvable_host"),
    ],
)
async def test_unsafe_webhook_urls_get_a_422_naming_field_and_rule(api, webhook, rule) -> None:  # type: ignore[no-untyped-def]
    client, h = api
    refused = await client.post("/v1/subscriptions", json={"webhook": webhook}, headers=h["zuid"])
    assert refused.status_code == 422
    [detail] = refused.json()["error"]["details"]
    assert detail["field"] == "webhook.url" and detail["rule"] == rule


@pytest.mark.parametrize(
    ("secret", "status"),
    [
        ("whsec_" + "A" * 32, 201),  # base64 of 24 bytes: the shortest the specification allows
        ("my-own-secret-0123456789", 201),  # deprecated raw form, still accepted
        ("whsec_" + "A" * 28, 422),  # 21 bytes
        ("whsec_not-standard-base64_0000000000000000", 422),  # URL-safe alphabet
    ],
)
async def test_an_own_whsec_secret_must_be_standard_webhooks_base64(api, secret, status) -> None:  # type: ignore[no-untyped-def]
    client, h = api
    webhook = {"url": "https://hooks.example.org/in", "secret": secret}
    answer = await client.post("/v1/subscriptions", json={"webhook": webhook}, headers=h["zuid"])
    assert answer.status_code == status, answer.text
    if status == 422:
        [detail] = answer.json()["error"]["details"]
        assert detail["field"] == "webhook.secret" and detail["rule"] == "webhook_secret_format"
        assert secret not in answer.text


async def test_a_webhook_shows_its_validation_status_and_can_be_revalidated(api) -> None:  # type: ignore[no-untyped-def]
    client, h = api
    created = await client.post("/v1/subscriptions", json={"webhook": HOOK}, headers=h["zuid"])
    assert created.status_code == 201, created.text
    assert created.json()["webhook"]["status"] == "pending_validation"
    sub_id = created.json()["subscription_id"]
    again = await client.post(f"/v1/subscriptions/{sub_id}/validation", headers=h["zuid"])
    assert again.status_code == 202, again.text
    webhook = again.json()["webhook"]
    assert webhook["status"] == "pending_validation"
    assert webhook["status_detail"] == "re-validation requested" and webhook["status_at"]
    read = await client.get(f"/v1/subscriptions/{sub_id}", headers=h["zuid"])
    assert read.json()["webhook"] == webhook
    # Someone else's subscription is a 404; one without a webhook has nothing to validate.
    other = await client.post(f"/v1/subscriptions/{sub_id}/validation", headers=h["noord"])
    assert other.status_code == 404
    mail_only = await client.post(
        "/v1/subscriptions", json={"email": {"address": "a@example.org"}}, headers=h["zuid"]
    )
    no_hook = mail_only.json()["subscription_id"]
    refused = await client.post(f"/v1/subscriptions/{no_hook}/validation", headers=h["zuid"])
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "no_webhook"


async def test_bad_input_gets_precise_4xx(api) -> None:  # type: ignore[no-untyped-def]
    client, h = api
    unknown = await client.post(
        "/v1/subscriptions", json={"filters": {"regions": ["XX1"]}}, headers=h["zuid"]
    )
    assert unknown.status_code == 422
    assert unknown.json()["error"]["details"][0]["field"] == "filters.regions[0]"
    email = await client.post(
        "/v1/subscriptions", json={"email": {"address": "a@b\r\nBcc: x"}}, headers=h["zuid"]
    )
    assert email.status_code == 422
    malformed = await client.post(
        "/v1/subscriptions",
        content=b"{nope",
        headers={**h["zuid"], "content-type": "application/json"},
    )
    assert malformed.status_code == 400 and malformed.json()["error"]["code"] == "malformed_json"
    huge = await client.post("/v1/subscriptions", json={"name": "x" * 5000}, headers=h["zuid"])
    assert huge.status_code == 413
    assert (await client.get("/v1/subscriptions/not-an-id!", headers=h["zuid"])).status_code == 422


async def test_only_subscriber_roles_with_valid_keys_get_in(api) -> None:  # type: ignore[no-untyped-def]
    client, h = api
    assert (await client.get("/v1/subscriptions")).status_code == 401
    wrong = {"Authorization": "Bearer llk_zuid0001.wrong"}
    assert (await client.get("/v1/subscriptions", headers=wrong)).status_code == 401
    assert (await client.get("/v1/subscriptions", headers=h["admin"])).status_code == 403
    assert (await client.get("/v1/feed", headers=h["admin"])).status_code == 403


async def test_a_subscriber_cannot_create_unbounded_subscriptions(api) -> None:  # type: ignore[no-untyped-def]
    client, h = api
    statuses = [
        (await client.post("/v1/subscriptions", json={}, headers=h["noord"])).status_code
        for _ in range(4)
    ]
    assert statuses == [201, 201, 201, 409]


async def test_openapi_documents_every_refusal(api) -> None:  # type: ignore[no-untyped-def]
    client, _ = api
    paths = (await client.get("/openapi.json")).json()["paths"]
    create = paths["/v1/subscriptions"]["post"]["responses"]
    assert {"201", "400", "401", "403", "409", "413", "422", "429", "503"} <= set(create)
    assert {"200", "401", "403", "404"} <= set(
        paths["/v1/subscriptions/{subscription_id}/deliveries"]["get"]["responses"]
    )
    assert "text/event-stream" in paths["/v1/feed"]["get"]["responses"]["200"]["content"]


DIGEST = {"address": "c@example.org", "language": "en", "delivery": "daily_digest"}


async def test_a_daily_digest_gets_the_defaults_and_shows_them(api) -> None:  # type: ignore[no-untyped-def]
    client, h = api
    created = await client.post("/v1/subscriptions", json={"email": DIGEST}, headers=h["zuid"])
    assert created.status_code == 201, created.text
    assert created.json()["email"] == {
        **DIGEST,
        "digest_hour": 7,
        "digest_time_zone": "Europe/Amsterdam",
    }
    immediate = await client.post(
        "/v1/subscriptions", json={"email": {"address": "c@example.org"}}, headers=h["zuid"]
    )
    assert immediate.json()["email"]["delivery"] == "immediate"
    assert immediate.json()["email"]["digest_hour"] is None


@pytest.mark.parametrize(
    ("body", "field", "rule"),
    [
        (
            {"email": {**DIGEST, "digest_time_zone": "Europe/Maastricht"}},
            "email.digest_time_zone",
            "unknown_time_zone",
        ),
        (
            {"email": {**DIGEST, "digest_time_zone": "Europe"}},  # a folder of zones, not one
            "email.digest_time_zone",
            "unknown_time_zone",
        ),
        ({"email": {**DIGEST, "digest_hour": 24}}, "email.digest_hour", "less_than_equal"),
        ({"email": {**DIGEST, "digest_hour": -1}}, "email.digest_hour", "greater_than_equal"),
        ({"email": {**DIGEST, "digest_hour": "7"}}, "email.digest_hour", "int_type"),
        (
            {"email": {"address": "c@example.org", "digest_hour": 8}},
            "email",
            "digest_settings_without_digest",
        ),
        (
            {"webhook": {**HOOK, "delivery": "daily_digest"}},
            "webhook.delivery",
            "digest_not_supported",
        ),
        ({"email": {**DIGEST, "delivery": "weekly"}}, "email.delivery", "enum"),
    ],
)
async def test_digest_options_are_refused_precisely(api, body, field, rule) -> None:  # type: ignore[no-untyped-def]
    client, h = api
    refused = await client.post("/v1/subscriptions", json=body, headers=h["zuid"])
    assert refused.status_code == 422, refused.text
    [detail] = refused.json()["error"]["details"]
    assert (detail["field"], detail["rule"]) == (field, rule), detail
    if rule == "unknown_time_zone":
        zone = body["email"]["digest_time_zone"]
        assert f"'{zone}' is not an IANA time zone" in detail["message"]
    if rule == "digest_not_supported":
        assert "e-mail only" in detail["message"]
