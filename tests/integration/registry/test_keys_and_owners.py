"""API keys through the real key topic: who may read, who may write which aggregate, how often."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest
from livinglab_common.keys import API_KEYS_TOPIC

from tests.integration.registry.harness import (
    ADMIN,
    Partner,
    issue_key,
    new_partner,
    registry_env,
)
from tests.integration.registry.network import TopicLog
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.integration


def status_and_code(response: httpx.Response) -> tuple[int, str | None]:
    body = response.json()
    return response.status_code, body.get("error", {}).get("code")


async def post(url: str, headers: dict[str, str], event: dict[str, Any]) -> httpx.Response:
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as client:
        return await client.post("/v1/events", json=event)


async def test_an_issued_key_is_on_the_key_topic_as_a_hash_only(
    partner: Partner, topics: TopicLog, topic_prefix: str
) -> None:
    records = await topics.read(topic_prefix + API_KEYS_TOPIC)
    (record,) = [r for r in records if r.key == partner.key_id.encode()]
    stored = orjson.loads(record.value)
    secret = partner.token.split(".", 1)[1]
    assert secret.encode() not in record.value and len(stored["secret_hash"]) == 64
    assert stored["sources"] == [partner.source]


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "missing API key"),
        ({"X-API-Key": "llk_nope"}, "malformed API key"),
        ({"X-API-Key": "llk_0123456789ab.not-a-secret"}, "unknown or wrong API key"),
        ({"Authorization": "Bearer local-admin-token"}, "malformed API key"),
    ],
    ids=["missing", "malformed", "wrong", "admin token"],
)
async def test_without_a_valid_key_reads_and_posts_are_401(
    registry: ServiceProcess, headers: dict[str, str], reason: str
) -> None:
    async with httpx.AsyncClient(base_url=registry.url, headers=headers) as client:
        for response in (
            await client.get("/v1/partners"),
            await client.post("/v1/events", json={"id": "x"}),
        ):
            assert status_and_code(response) == (401, "unauthorized")
            assert reason in response.json()["error"]["message"]


async def test_a_revoked_key_is_401_from_the_next_request(partner: Partner) -> None:
    event = partner.network.event("partner.registered")
    assert (await post(partner.url, partner.headers, event)).status_code == 202
    async with httpx.AsyncClient(base_url=partner.url, headers=ADMIN) as admin:
        revoked = await admin.delete(f"/v1/admin/keys/{partner.key_id}")
    assert revoked.status_code == 200
    update = partner.network.event("partner.updated", sequence=2)
    response = await post(partner.url, partner.headers, update)
    assert status_and_code(response) == (401, "unauthorized")
    assert "revoked" in response.json()["error"]["message"]


async def test_an_expired_key_is_401(registry: ServiceProcess) -> None:
    expired = new_partner(
        registry.url, expires_at=(datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    )
    response = await post(
        registry.url, expired.headers, expired.network.event("partner.registered")
    )
    assert status_and_code(response) == (401, "unauthorized")
    assert "expired" in response.json()["error"]["message"]


async def test_a_coordinator_key_reads_but_may_not_post(registry: ServiceProcess) -> None:
    token = issue_key(registry.url, system="it-coordinator", role="coordinator")["token"]
    headers = {"X-API-Key": token}
    async with httpx.AsyncClient(base_url=registry.url, headers=headers) as client:
        assert (await client.get("/v1/initiatives")).status_code == 200
    event = new_partner(registry.url).network.event("partner.registered")
    assert status_and_code(await post(registry.url, headers, event)) == (403, "forbidden")


async def test_another_sources_aggregate_is_403_until_an_admin_grants_it(
    registry: ServiceProcess, partner: Partner
) -> None:
    # The owner registers its partner; a second system tries to change it.
    net = partner.network
    assert (
        await post(registry.url, partner.headers, net.event("partner.registered"))
    ).status_code == 202
    other = new_partner(registry.url)
    takeover = net.event("partner.updated", sequence=2) | {"source": other.source}
    assert status_and_code(await post(registry.url, other.headers, takeover)) == (403, "not_owner")
    # Claiming the owner's source is no way around it.
    as_owner = net.event("partner.updated", sequence=2)
    assert status_and_code(await post(registry.url, other.headers, as_owner)) == (
        403,
        "source_not_allowed",
    )
    async with httpx.AsyncClient(base_url=registry.url, headers=ADMIN) as admin:
        granted = await admin.post(
            f"/v1/admin/keys/{other.key_id}/grants",
            json={"aggregate_ids": [net.id("vista-college")]},
        )
    assert granted.status_code == 200
    assert (await post(registry.url, other.headers, takeover)).status_code == 202


@pytest.fixture(scope="module")
def throttled(registry_topics: str, kafka_bootstrap: str) -> Iterator[ServiceProcess]:
    """A second registry on the same topics that allows 3 requests per key per minute."""
    env = registry_env(registry_topics, kafka_bootstrap, rate_limit_per_minute="3")
    service = ServiceProcess("registry", env, name="registry-throttled").start()
    yield service
    service.stop()


async def test_each_key_is_rate_limited_with_retry_after(throttled: ServiceProcess) -> None:
    first, second = new_partner(throttled.url), new_partner(throttled.url)
    async with first.client() as client:
        statuses = [(await client.get("/v1/partners")).status_code for _ in range(4)]
        limited = await client.get("/v1/partners")
    assert statuses == [200, 200, 200, 429]
    assert status_and_code(limited) == (429, "rate_limited")
    assert 1 <= int(limited.headers["Retry-After"]) <= 20  # 3 per minute: one every 20 s
    async with second.client() as client:
        assert (await client.get("/v1/partners")).status_code == 200
