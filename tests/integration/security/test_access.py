"""Who may do what, on all three services as real processes: keys refused with 401, roles and
ownership with 403 (logged), and one subscriber's data invisible (404) to every other."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from tests.integration.notifications.kafka_io import match_event, produce
from tests.integration.security.access_system import (
    RATE_LIMIT_PER_MINUTE,
    AccessSystem,
    access_system_fixture,  # noqa: F401
)
from tests.support.processes import ServiceProcess
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration

ADMIN_TOKEN = "local-admin-token"
# One authenticated read per service.
READS = {"registry": "/v1/partners", "matching": "/v1/stats", "notifications": "/v1/subscriptions"}


def service(system: AccessSystem, name: str) -> ServiceProcess:
    return {s.name.removesuffix("-acc"): s for s in system.services}[name]


def refusal(response: httpx.Response) -> tuple[int, str, str]:
    error = response.json()["error"]
    assert error["status"] == response.status_code, error
    return response.status_code, str(error["code"]), str(error["message"])


def read(system: AccessSystem, name: str, headers: dict[str, str]) -> httpx.Response:
    return httpx.get(service(system, name).url + READS[name], headers=headers, timeout=30)


def accepted(system: AccessSystem, name: str, headers: dict[str, str]) -> bool:
    return read(system, name, headers).status_code == 200


@pytest.mark.parametrize("name", list(READS))
@pytest.mark.parametrize(
    ("credentials", "reason"),
    [
        (lambda key: {}, "missing API key"),
        (lambda key: {"Authorization": f"Basic {key.token}"}, "missing API key"),
        (lambda key: {"X-API-Key": "llk_nope"}, "malformed API key"),
        (lambda key: {"X-API-Key": key.secret}, "malformed API key"),
        (lambda key: {"X-API-Key": f"llk_{key.key_id}.{uuid.uuid4().hex}"}, "wrong API key"),
        (lambda key: {"X-API-Key": f"llk_0123456789ab.{key.secret}"}, "wrong API key"),
        (lambda key: {"Authorization": f"Bearer {ADMIN_TOKEN}"}, "malformed API key"),
        (lambda key: {"X-API-Key": ADMIN_TOKEN}, "malformed API key"),
    ],
    ids=[
        "missing",
        "basic-auth",
        "malformed",
        "secret-without-id",
        "wrong-secret",
        "unknown-id",
        "admin-token-as-bearer",
        "admin-token-as-api-key",
    ],
)
def test_bad_credentials_are_401_on_every_service(
    access_system: AccessSystem, name: str, credentials: Any, reason: str
) -> None:
    key = access_system.issue("coordinator")
    # The key itself works everywhere (once each service has read it) ...
    eventually(partial(accepted, access_system, name, key.headers), f"{name} knowing the key")
    # ... and every other way of presenting (part of) it, or the admin token, does not.
    response = read(access_system, name, credentials(key))
    status, code, message = refusal(response)
    assert (status, code) == (401, "unauthorized") and reason in message
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert key.secret not in response.text and ADMIN_TOKEN not in response.text


def test_a_key_revoked_at_the_registry_is_refused_by_matching_and_notifications(
    access_system: AccessSystem,
) -> None:
    key = access_system.issue("partner_system")
    for name in READS:
        eventually(partial(accepted, access_system, name, key.headers), f"{name} knowing the key")
    access_system.revoke(key)
    # The registry refuses from the next request; the others once they read registry.api-keys.v1.
    assert refusal(read(access_system, "registry", key.headers))[:2] == (401, "unauthorized")
    for name in READS:
        # Bounded: each service must follow the key topic within the polling deadline (30 s).
        status, code, _ = eventually(
            partial(refusal_saying, access_system, name, key.headers, "revoked"),
            f"{name} refusing the revoked key",
        )
        assert (status, code) == (401, "unauthorized")


def refusal_or_none(response: httpx.Response, unless: int) -> tuple[int, str, str] | None:
    """The refusal in `response`, or None while it is a success or has status `unless`."""
    if response.status_code < 400 or response.status_code == unless:
        return None
    return refusal(response)


def refusal_saying(
    system: AccessSystem, name: str, headers: dict[str, str], reason: str
) -> tuple[int, str, str] | None:
    """The refusal `name` answers with, once its message gives `reason`; else None."""
    response = read(system, name, headers)
    if response.status_code < 400:
        return None
    found = refusal(response)
    return found if reason in found[2] else None


@pytest.mark.parametrize("name", list(READS))
def test_each_key_is_rate_limited_on_every_service(access_system: AccessSystem, name: str) -> None:
    busy, other = access_system.issue("coordinator"), access_system.issue("coordinator")
    for key in (busy, other):
        eventually(partial(accepted, access_system, name, key.headers), f"{name} knowing the key")
    # The burst is one minute's allowance; tokens come back while we ask, hence the margin.
    statuses = []
    for _ in range(2 * RATE_LIMIT_PER_MINUTE):
        response = read(access_system, name, busy.headers)
        statuses.append(response.status_code)
        if response.status_code != 200:
            break
    assert statuses[-1] == 429 and len(statuses) > RATE_LIMIT_PER_MINUTE / 2, statuses[-3:]
    assert refusal(response)[:2] == (429, "rate_limited")
    assert int(response.headers["Retry-After"]) >= 1
    # Per key: another key of the same system is served as before.
    assert accepted(access_system, name, other.headers)


def test_an_expired_key_is_401_on_every_service(access_system: AccessSystem) -> None:
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    key = access_system.issue("coordinator", expires_at=past)
    for name in READS:
        # "expired", not "unknown": the service knows the key and refuses it for its age.
        status, code, _ = eventually(
            partial(refusal_saying, access_system, name, key.headers, "expired"),
            f"{name} refusing the expired key",
        )
        assert (status, code) == (401, "unauthorized")


def test_an_api_key_is_not_the_admin_token(access_system: AccessSystem) -> None:
    admin_role = access_system.issue("admin")
    partner = access_system.issue("partner_system")
    body = {"system": "sneaky", "role": "admin"}
    for key in (admin_role, partner):
        for headers in ({"Authorization": f"Bearer {key.token}"}, key.headers):
            response = httpx.post(
                f"{access_system.registry.url}/v1/admin/keys", json=body, headers=headers
            )
            assert refusal(response)[:2] == (401, "unauthorized")
            revoke = httpx.delete(
                f"{access_system.registry.url}/v1/admin/keys/{partner.key_id}", headers=headers
            )
            assert refusal(revoke)[:2] == (401, "unauthorized")
    # An admin-role API key is no subscriber and no event poster either (403 once notifications
    # has read the key; a 401 before that would prove nothing about the role).
    subscribe = eventually(
        lambda: refusal_or_none(
            httpx.post(
                f"{access_system.notifications.url}/v1/subscriptions",
                json={},
                headers=admin_role.headers,
            ),
            401,
        ),
        "notifications to know the admin-role key",
    )
    event = partner.network().event("partner.registered")
    post = httpx.post(
        f"{access_system.registry.url}/v1/events", json=event, headers=admin_role.headers
    )
    assert subscribe[:2] == refusal(post)[:2] == (403, "forbidden")
    # None of the revocations above went through.
    assert accepted(access_system, "registry", partner.headers)


def test_a_coordinator_cannot_post_registry_events(access_system: AccessSystem) -> None:
    coordinator, partner = access_system.issue("coordinator"), access_system.issue()
    event = partner.network().event("partner.registered")
    # Even naming a source some partner system owns changes nothing: the role decides first.
    for path, body in (("/v1/events", event), ("/v1/events:batch", [event])):
        response = httpx.post(
            access_system.registry.url + path, json=body, headers=coordinator.headers
        )
        status, code, message = refusal(response)
        assert (status, code) == (403, "forbidden") and "coordinator" in message
    # The event itself was fine: its owner gets it in.
    accepted = httpx.post(
        f"{access_system.registry.url}/v1/events", json=event, headers=partner.headers
    )
    assert accepted.status_code == 202, accepted.text


def test_a_partner_system_cannot_give_feedback_on_matches(access_system: AccessSystem) -> None:
    partner, coordinator = access_system.issue(), access_system.issue("coordinator")
    url = f"{access_system.matching.url}/v1/matches/{uuid.uuid4()}/feedback"
    body = {"decision": "accepted"}
    eventually(partial(accepted, access_system, "matching", partner.headers), "partner key")
    status, code, _ = refusal(httpx.post(url, json=body, headers=partner.headers))
    assert (status, code) == (403, "forbidden")
    # A coordinator passes the role check and learns only that there is no such match.
    eventually(
        lambda: httpx.post(url, json=body, headers=coordinator.headers).status_code == 404,
        "a coordinator's feedback on an unknown match to be 404",
    )


def test_writing_another_systems_aggregate_is_403_and_logged_without_the_secret(
    access_system: AccessSystem,
) -> None:
    owner, intruder = access_system.issue(), access_system.issue()
    events = owner.network()
    registered = events.event("partner.registered")
    registry = access_system.registry.url
    assert httpx.post(f"{registry}/v1/events", json=registered, headers=owner.headers).is_success
    subject = registered["subject"]
    # Under its own source: not the owner of the aggregate.
    takeover = events.event("partner.updated", sequence=2) | {"source": intruder.source}
    response = httpx.post(f"{registry}/v1/events", json=takeover, headers=intruder.headers)
    assert refusal(response)[:2] == (403, "not_owner")
    # Under the owner's source: a source this key may not claim.
    posing = events.event("partner.updated", sequence=2)
    response = httpx.post(f"{registry}/v1/events", json=posing, headers=intruder.headers)
    assert refusal(response)[:2] == (403, "source_not_allowed")

    def audit_lines() -> list[str]:
        lines = access_system.registry.log_path.read_text(errors="replace").splitlines()
        return [line for line in lines if intruder.key_id in line and subject in line]

    lines = eventually(lambda: audit_lines() if len(audit_lines()) == 2 else None, "audit lines")
    assert "refused not_owner" in lines[0] and repr(intruder.source) in lines[0]
    assert "refused source_not_allowed" in lines[1] and repr(owner.source) in lines[1]
    assert all(intruder.system in line and "WARNING" in line for line in lines)
    assert intruder.secret not in access_system.registry.log_path.read_text(errors="replace")


async def test_subscribers_see_only_their_own_subscriptions_deliveries_and_feed(
    access_system: AccessSystem, kafka_bootstrap: str
) -> None:
    mine, theirs = access_system.issue(), access_system.issue("coordinator")
    only_mine, shared = f"partner-{uuid.uuid4().hex[:10]}", f"partner-{uuid.uuid4().hex[:10]}"
    url = access_system.notifications.url
    async with (
        httpx.AsyncClient(base_url=url, headers=mine.headers, timeout=30) as me,
        httpx.AsyncClient(base_url=url, headers=theirs.headers, timeout=30) as other,
    ):
        for client in (me, other):
            await async_eventually(lambda c=client: c.get("/v1/subscriptions"), "key known")
        created = await me.post("/v1/subscriptions", json={"filters": {"subject_ids": [only_mine]}})
        assert created.status_code == 201, created.text
        my_sub = created.json()["subscription_id"]
        created = await other.post("/v1/subscriptions", json={"filters": {"subject_ids": [shared]}})
        their_sub = created.json()["subscription_id"]

        for path in (f"/v1/subscriptions/{my_sub}", f"/v1/subscriptions/{my_sub}/deliveries"):
            status, code, message = refusal(await other.get(path))
            assert (status, code) == (404, "not_found") and my_sub in message
        assert [s["subscription_id"] for s in (await other.get("/v1/subscriptions")).json()] == [
            their_sub
        ]

        # Two changes on one partition, in order: the first only for me, the second for both.
        first = match_event(match_id=str(uuid.uuid4()), subject_ids=[only_mine, "cop-limburg"])
        second = match_event(match_id=str(uuid.uuid4()), subject_ids=[only_mine, shared])
        mine_seen, theirs_seen = await feeds_during(
            me, other, access_system, kafka_bootstrap, [first, second]
        )
        assert [(m["subscription_id"], m["event"]["id"]) for m in mine_seen] == [
            (my_sub, first["id"]),
            (my_sub, second["id"]),
        ]
        # The other subscriber's first message is the shared change, under its own subscription.
        assert [(m["subscription_id"], m["event"]["id"]) for m in theirs_seen] == [
            (their_sub, second["id"])
        ]

        # My deliveries are real, and still not theirs to read or to delete.
        deliveries = await me.get(f"/v1/subscriptions/{my_sub}/deliveries")
        assert deliveries.status_code == 200 and len(deliveries.json()["items"]) == 2
        assert (await other.get(f"/v1/subscriptions/{my_sub}/deliveries")).status_code == 404
        assert refusal(await other.delete(f"/v1/subscriptions/{my_sub}"))[:2] == (404, "not_found")
        assert (await me.get(f"/v1/subscriptions/{my_sub}")).status_code == 200
        assert (await me.delete(f"/v1/subscriptions/{my_sub}")).status_code == 204


async def async_eventually(call: Any, what: str, timeout_s: float = 30) -> None:
    """Retries `call` until it answers 200 (a service reads new keys from the key topic)."""
    for _ in range(int(timeout_s / 0.1)):
        if (await call()).status_code == 200:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def feeds_during(
    me: httpx.AsyncClient,
    other: httpx.AsyncClient,
    system: AccessSystem,
    bootstrap: str,
    events: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Opens both feeds, produces `events` to partition 0, and returns what each feed got
    (mine: as many messages as events; theirs: its first message)."""
    async with (
        me.stream("GET", "/v1/feed") as my_feed,
        other.stream("GET", "/v1/feed") as their_feed,
    ):
        my_lines, their_lines = my_feed.aiter_lines(), their_feed.aiter_lines()
        assert (await anext(my_lines)).startswith(": connected")
        assert (await anext(their_lines)).startswith(": connected")
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
        await producer.start()
        try:
            for event in events:
                await produce(producer, system.prefix, event, partition=0)
        finally:
            await producer.stop()
        async with asyncio.timeout(30):
            mine = await data_messages(my_lines, len(events))
            theirs = await data_messages(their_lines, 1)
    return mine, theirs


async def data_messages(lines: Any, count: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    async for line in lines:
        if line.startswith("data: "):
            found.append(json.loads(line.removeprefix("data: ")))
            if len(found) == count:
                break
    return found
