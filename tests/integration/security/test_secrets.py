"""Secrets (API keys, webhook secrets, the admin token) never reach a log line, an error body or a
record in the clear (webhook secrets are stored sealed); webhook targets are validated and
redirects not followed."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import httpx
import orjson
import pytest
import pytest_asyncio
from aiohttp import web
from aiokafka import AIOKafkaProducer
from livinglab_common.keys import Role

from scripts.create_topics import create_all
from tests.integration.notifications import kafka_io
from tests.integration.notifications.receivers import WebhookReceiver
from tests.integration.security.access_system import (
    AccessSystem,
    access_system_fixture,  # noqa: F401
)
from tests.support.processes import ServiceProcess, free_port
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration

PEPPER = "local-key-pepper"
SUBSCRIPTIONS_TOPIC = "notifications.subscriptions.v1"
T = TypeVar("T")


@pytest_asyncio.fixture
async def receiver() -> AsyncIterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    await receiver.start()
    yield receiver
    await receiver.stop()


@pytest_asyncio.fixture
async def redirector(receiver: WebhookReceiver) -> AsyncIterator[tuple[str, str, list[str]]]:
    """(redirecting URL, its target on the receiver, paths the redirector was asked for)."""
    target, hits, port = receiver.hook(), [], free_port()

    async def redirect(request: web.Request) -> web.Response:
        hits.append(request.path)
        return web.Response(status=302, headers={"Location": target})

    async def allow(request: web.Request) -> web.Response:
        # It agrees in the validation handshake, so the redirect is met by the delivery itself.
        origin = request.headers.get("WebHook-Request-Origin", "")
        return web.Response(status=200, headers={"WebHook-Allowed-Origin": origin})

    app = web.Application()
    app.router.add_post("/{tail:.*}", redirect)
    app.router.add_route("OPTIONS", "/{tail:.*}", allow)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"http://127.0.0.1:{port}/hook", target, hits
    await runner.cleanup()


async def send_matches(bootstrap: str, prefix: str, *events: dict[str, Any]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for event in events:
            await kafka_io.produce(producer, prefix, event)
    finally:
        await producer.stop()


async def async_eventually(
    check: Callable[[], Awaitable[T | None]], what: str, timeout_s: float = 30
) -> T:
    """Awaits `check` until it returns something, or fails after the deadline."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while asyncio.get_running_loop().time() < deadline:
        found = await check()
        if found is not None:
            return found
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def new_match(subject: str) -> dict[str, Any]:
    return kafka_io.match_event(match_id=str(uuid.uuid4()), subject_ids=[subject, "cop-limburg"])


async def test_secrets_appear_in_no_log_error_body_or_event(
    access_system: AccessSystem, receiver: WebhookReceiver, kafka_bootstrap: str
) -> None:
    system = access_system
    partner, coordinator = system.issue(), system.issue("coordinator")
    webhook_secret = f"hook-{uuid.uuid4().hex}{uuid.uuid4().hex}"  # no whsec_ prefix to mask
    subject, hook = f"partner-{uuid.uuid4().hex[:10]}", receiver.hook()
    reg, mat, noti = system.registry.url, system.matching.url, system.notifications.url
    c_headers = coordinator.headers
    eventually(lambda: httpx.get(f"{noti}/v1/subscriptions", headers=c_headers).is_success, "key")
    eventually(lambda: httpx.get(f"{mat}/v1/stats", headers=partner.headers).is_success, "key")

    async with httpx.AsyncClient(timeout=30) as http:
        created = await http.post(
            f"{noti}/v1/subscriptions",
            json={
                "filters": {"subject_ids": [subject]},
                "webhook": {"url": hook, "secret": webhook_secret},
            },
            headers=c_headers,
        )
        assert created.status_code == 201 and created.json()["webhook_secret"] == webhook_secret
        sub_id = created.json()["subscription_id"]
        # A second one whose receiver always fails: its delivery ends on notifications.dlq, so
        # the scan below covers a dead letter of a signed delivery too.
        failing = receiver.hook(fail_first=1000, failure_status=500)
        created = await http.post(
            f"{noti}/v1/subscriptions",
            json={
                "filters": {"subject_ids": [subject]},
                "webhook": {"url": failing, "secret": webhook_secret},
            },
            headers=c_headers,
        )
        assert created.status_code == 201, created.text
        failing_id = created.json()["subscription_id"]

        # Every answer below may be read by whoever sits between client and service: no secret.
        event = partner.network().event("partner.registered")
        answers: list[httpx.Response] = []
        for service in (reg, mat, noti):
            path = {reg: "/v1/partners", mat: "/v1/stats", noti: "/v1/subscriptions"}[service]
            answers += [
                # A key with the right id and someone else's secret, a secret as a bearer token.
                await http.get(
                    service + path, headers={"X-API-Key": f"llk_{partner.key_id}.{webhook_secret}"}
                ),
                await http.get(
                    service + path, headers={"Authorization": f"Bearer {webhook_secret}"}
                ),
                await http.get(
                    service + path, headers={"Authorization": f"Token {coordinator.token}"}
                ),
                # Keys in the query string are not read (and must not be echoed or logged).
                await http.get(
                    service + path, params={"api_key": partner.token, "key": coordinator.token}
                ),
            ]
        answers += [
            # Secrets inside JSON bodies, in fields that are refused.
            await http.post(
                f"{reg}/v1/events",
                json=event | {"api_key": coordinator.token},
                headers=partner.headers,
            ),
            await http.post(
                f"{reg}/v1/events", json={"id": partner.token}, headers=partner.headers
            ),
            await http.post(
                f"{reg}/v1/admin/keys", json={"token": partner.token}, headers=partner.headers
            ),
            await http.post(
                f"{noti}/v1/subscriptions",
                json={"webhook": {"url": f"ftp://x/{webhook_secret}", "secret": webhook_secret}},
                headers=c_headers,
            ),
            await http.post(
                f"{noti}/v1/subscriptions",
                json={
                    "webhook": {"url": hook, "secret": webhook_secret[:10]},
                    "token": webhook_secret,
                },
                headers=c_headers,
            ),
            await http.post(
                f"{mat}/v1/matches/{uuid.uuid4()}/feedback",
                json={"decision": "accepted", "reason": partner.token},
                headers=partner.headers,
            ),
            # Keys in fields whose refusals quote the refused value.
            await http.post(
                f"{reg}/v1/events", json=event | {"source": partner.token}, headers=partner.headers
            ),
            await http.post(
                f"{reg}/v1/events", json=event | {"subject": partner.token}, headers=partner.headers
            ),
            await http.get(f"{mat}/v1/matches/{coordinator.token}", headers=c_headers),
            await http.get(f"{noti}/v1/subscriptions/{coordinator.token}", headers=c_headers),
            await http.post(
                f"{noti}/v1/subscriptions",
                json={"filters": {"regions": [coordinator.token]}},
                headers=c_headers,
            ),
        ]
        not_refused = [(a.request.url.path, a.status_code) for a in answers if a.status_code < 400]
        assert not not_refused and all(a.status_code < 500 for a in answers), not_refused
        # A batch answers 200 with one refusal per item.
        batch = await http.post(
            f"{reg}/v1/events:batch",
            json=[event | {"source": coordinator.token}],
            headers=partner.headers,
        )
        assert batch.status_code == 200 and batch.json()["refused"] == 1, batch.text
        answers.append(batch)
        # The same event, as it should be: on registry.partners.v1 with the poster's identity.
        posted = await http.post(f"{reg}/v1/events", json=event, headers=partner.headers)
        assert posted.status_code == 202, posted.text
        # What the owner reads back later never includes the secret either.
        answers.append(await http.get(f"{noti}/v1/subscriptions/{sub_id}", headers=c_headers))
        answers.append(await http.get(f"{noti}/v1/subscriptions", headers=c_headers))

        # A delivery, signed with the secret (so the secret is in use, just not visible).
        await send_matches(kafka_bootstrap, system.prefix, new_match(subject))
        [delivered] = await receiver.wait_for(hook, 1, timeout_s=30)
        # Standard Webhooks; a secret without whsec_ (deprecated form) is the key as raw bytes.
        assert delivered.verified(webhook_secret.encode())
        answers.append(
            await http.get(f"{noti}/v1/subscriptions/{sub_id}/deliveries", headers=c_headers)
        )
        await receiver.wait_for(failing, 2, timeout_s=30)  # NOTIFICATIONS_MAX_ATTEMPTS=2

        async def dead() -> httpx.Response | None:
            response = await http.get(
                f"{noti}/v1/subscriptions/{failing_id}/deliveries",
                params={"channel": "webhook", "status": "failed"},
                headers=c_headers,
            )
            return response if response.json()["items"] else None

        answers.append(await async_eventually(dead, "the failing delivery to be dead-lettered"))

    secrets = {
        "partner key": partner.secret,
        "coordinator key": coordinator.secret,
        "webhook secret": webhook_secret,
        "admin token": "local-admin-token",
    }
    logs = system.logs()
    topics = await asyncio.to_thread(system.all_records)
    assert {
        "registry.api-keys.v1",
        "registry.partners.v1",
        "notifications.deliveries.v1",
        "notifications.dlq",
        SUBSCRIPTIONS_TOPIC,
    } <= {t.removeprefix(system.prefix) for t, records in topics.items() if records}
    for what, secret in secrets.items():
        assert secret not in logs, f"{what} in a service log"
        for answer in answers:
            assert secret not in answer.text, f"{what} in {answer.request.url}: {answer.text}"
        for topic, records in topics.items():
            for key, value, headers in records:
                blob = (key or b"") + (value or b"") + b"".join(v for _, v in headers)
                assert secret.encode() not in blob, f"{what} in a record on {topic}"

    # The subscription records are there, each with its webhook secret sealed (Fernet), not
    # dropped: the delivery above was signed with it.
    stored = {
        k: orjson.loads(v)
        for k, v, _ in topics[system.prefix + SUBSCRIPTIONS_TOPIC]
        if v and k in (sub_id.encode(), failing_id.encode())
    }
    assert len(stored) == 2
    for record in stored.values():
        assert set(record["webhook"]["secret"]) == {"fernet"}, record["webhook"]

    # Keys are stored as HMAC-SHA256(pepper, secret) and nothing else.
    for issued in (partner, coordinator):
        [stored] = [
            orjson.loads(v or b"{}")
            for k, v, _ in topics[system.prefix + "registry.api-keys.v1"]
            if k == issued.key_id.encode()
        ]
        assert (
            stored["secret_hash"]
            == hmac.new(PEPPER.encode(), issued.secret.encode(), hashlib.sha256).hexdigest()
        )


async def test_a_redirect_is_not_followed_and_its_target_gets_nothing(
    access_system: AccessSystem,
    receiver: WebhookReceiver,
    redirector: tuple[str, str, list[str]],
    kafka_bootstrap: str,
) -> None:
    url, target, hits = redirector
    coordinator = access_system.issue("coordinator")
    noti, subject = access_system.notifications.url, f"partner-{uuid.uuid4().hex[:10]}"
    eventually(
        lambda: httpx.get(f"{noti}/v1/subscriptions", headers=coordinator.headers).is_success,
        "key",
    )
    async with httpx.AsyncClient(timeout=30) as http:
        created = await http.post(
            f"{noti}/v1/subscriptions",
            json={"filters": {"subject_ids": [subject]}, "webhook": {"url": url}},
            headers=coordinator.headers,
        )
    assert created.status_code == 201, created.text
    sub_id = created.json()["subscription_id"]
    await send_matches(kafka_bootstrap, access_system.prefix, new_match(subject))

    def failed() -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = httpx.get(
            f"{noti}/v1/subscriptions/{sub_id}/deliveries",
            params={"channel": "webhook", "status": "failed"},
            headers=coordinator.headers,
        ).json()["items"]
        return items

    [delivery] = await asyncio.to_thread(eventually, failed, "the webhook delivery to fail")
    assert [a["status_code"] for a in delivery["attempts"]] == [302]  # 3xx: permanent, once
    assert "redirect not followed" in str(delivery)
    assert hits == ["/hook"]
    assert receiver.at(target) == []


async def test_a_strict_service_refuses_internal_webhook_targets(
    topic_prefix: str, kafka_bootstrap: str
) -> None:
    """Without NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS (the default) internal targets are 422."""
    prefix = f"{topic_prefix}acc-strict."
    await create_all(kafka_bootstrap, prefix)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        token = await kafka_io.issue_key(producer, prefix, "strict-coordinator", Role.COORDINATOR)
    finally:
        await producer.stop()
    env = {"TOPIC_PREFIX": prefix, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap}
    strict = ServiceProcess("notifications", env, name="notifications-strict")
    await asyncio.to_thread(strict.start, 60)
    try:
        async with httpx.AsyncClient(
            base_url=strict.url, headers={"X-API-Key": token}, timeout=30
        ) as client:
            for url in (
                f"http://127.0.0.1:{free_port()}/hook",
                "http://localhost/hook",
                "http://2130706433/hook",
                "http://0x7f.1/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::ffff:127.0.0.1]/hook",
                "http://10.0.0.1/hook",
            ):
                response = await client.post("/v1/subscriptions", json={"webhook": {"url": url}})
                error = response.json()["error"]
                assert response.status_code == 422, (url, error)
                assert [(d["field"], d["rule"]) for d in error["details"]] == [
                    ("webhook.url", "private_address")
                ], url
            listed = await client.get("/v1/subscriptions")
            assert listed.json() == []
    finally:
        await asyncio.to_thread(strict.stop)
