"""Profile freshness end to end (issue 19, docs/freshness.md), with a period of seconds.

A partner system registers a hub and the province (one match). Before the period ends the
registry writes a reminder, which notifications delivers once to the owning system's webhook
and to a coordinator following the province; after the period the registry marks both stale,
the reads say so, matching withdraws their match (reason `stale`) and proposes nothing for them;
the owner's confirmations renew both and the match is proposed again. Real Kafka, Neo4j and the
three services as processes, on topics and a graph namespace of their own.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
import pytest
import pytest_asyncio

from scripts.create_topics import create_all
from tests.e2e.conftest import issue_key
from tests.integration.notifications.conftest import eventually
from tests.integration.notifications.receivers import WebhookReceiver
from tests.support.events import event, hub_and_province, unique
from tests.support.processes import ServiceProcess
from tests.support.system import stack_env

pytestmark = pytest.mark.e2e

SOURCE = "/systems/fresh-partner"
PERIOD_S, LEAD_S = 12.0, 8.0  # reminded 4 s after the last confirmation, stale after 12 s
REMINDER = "nl.livinglab.partner.confirmation-requested.v1"


@dataclass(frozen=True)
class FreshSystem:
    registry: ServiceProcess
    matching: ServiceProcess
    notifications: ServiceProcess
    partner_key: str
    coordinator_key: str


@pytest.fixture(scope="module")
def fresh(topic_prefix: str, graph_namespace: str, kafka_bootstrap: str) -> Iterator[FreshSystem]:
    prefix = f"{topic_prefix}fresh."
    asyncio.run(create_all(kafka_bootstrap, prefix))
    env = stack_env(
        prefix,
        f"{graph_namespace}-fresh",
        kafka_bootstrap,
        REGISTRY_FRESHNESS_PERIOD_S=str(PERIOD_S),
        REGISTRY_FRESHNESS_REMINDER_LEAD_S=str(LEAD_S),
        REGISTRY_FRESHNESS_SWEEP_INTERVAL_S="0.3",
        NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS="true",  # the receiver listens on loopback
    )
    started: list[ServiceProcess] = []
    try:
        for module in ("registry", "matching", "notifications"):
            started.append(ServiceProcess(module, env, name=f"{module}-fresh").start())
        registry, matching, notifications = started
        partner_key = issue_key(registry.url, {"system": "fresh-partner", "sources": [SOURCE]})
        coordinator_key = issue_key(
            registry.url, {"system": "fresh-coordinator", "role": "coordinator"}
        )
        yield FreshSystem(registry, matching, notifications, partner_key, coordinator_key)
    finally:
        for service in reversed(started):
            service.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def hooks() -> AsyncIterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    await receiver.start()
    yield receiver
    await receiver.stop()


def now_event(event_type: str, subject: str, data: dict[str, Any], sequence: int) -> dict[str, Any]:
    return event(event_type, subject, data, sequence, SOURCE) | {
        "time": datetime.now(UTC).isoformat()
    }


async def test_stale_marking_one_reminder_exclusion_and_renewal(
    fresh: FreshSystem, hooks: WebhookReceiver
) -> None:
    hub, province = unique("i-hub"), unique("p-province")
    partner = {"X-API-Key": fresh.partner_key}
    coordinator = {"X-API-Key": fresh.coordinator_key}
    async with (
        httpx.AsyncClient(base_url=fresh.registry.url, timeout=30) as registry,
        httpx.AsyncClient(base_url=fresh.matching.url, headers=coordinator, timeout=30) as matching,
        httpx.AsyncClient(base_url=fresh.notifications.url, timeout=30) as notifications,
    ):
        # The owning system and a coordinator following the province subscribe by webhook.
        owner_hook, follower_hook = hooks.hook(), hooks.hook()
        for key, body in (
            (partner, {"name": "mine", "webhook": {"url": owner_hook}}),
            (
                coordinator,
                {
                    "name": "province",
                    "filters": {"subject_ids": [province]},
                    "webhook": {"url": follower_hook},
                },
            ),
        ):
            answer = await notifications.post("/v1/subscriptions", headers=key, json=body)
            assert answer.status_code == 201, answer.text

        # Registered now: fresh, and matched.
        events = [
            e | {"time": datetime.now(UTC).isoformat()}
            for e in hub_and_province(hub, province, SOURCE)
        ]
        posted = await registry.post("/v1/events:batch", headers=partner, json=events)
        assert posted.status_code == 200 and posted.json()["accepted"] == 2, posted.text

        async def match(status: str) -> dict[str, Any] | None:
            page = (
                await matching.get(
                    "/v1/matches", params={"partner": province, "status": status, "limit": 50}
                )
            ).json()
            return next((m for m in page["items"] if hub in m["subject_ids"]), None)

        proposed = await eventually(lambda: match("proposed"), "the match", timeout_s=20)
        shown = (await registry.get(f"/v1/partners/{province}", headers=partner)).json()
        assert shown["stale"] is False and shown["last_confirmed"]

        # The reminder reaches the owner and the follower, signed like every delivery.
        def reminders(url: str) -> list[dict[str, Any]]:
            bodies = [orjson.loads(r.body) for r in hooks.at(url)]
            return [b for b in bodies if b["type"] == REMINDER and b["subject"] == province]

        first = (await eventually(lambda: reminders(owner_hook), "the reminder", timeout_s=15))[0]
        assert first["data"]["owner_system"] == "fresh-partner"
        await eventually(lambda: reminders(follower_hook), "the follower's reminder", 15)
        asked = (await registry.get(f"/v1/partners/{province}", headers=partner)).json()
        assert asked["confirmation_requested_at"] and asked["stale"] is False

        # Stale after the period: the reads say so and the match is withdrawn.
        async def stale() -> dict[str, Any] | None:
            found = (await registry.get(f"/v1/partners/{province}", headers=partner)).json()
            return found if found["stale"] else None

        marked = await eventually(stale, "the stale mark", timeout_s=15)
        assert marked["stale_reason"] == "unconfirmed" and marked["stale_since"]
        withdrawn = await eventually(lambda: match("withdrawn"), "the withdrawal", timeout_s=15)
        assert withdrawn["match_id"] == proposed["match_id"]
        assert withdrawn["reason_code"] == "stale"
        assert await match("proposed") is None

        # Several sweeps later still one reminder per subscription for that cycle.
        await asyncio.sleep(1.0)
        cycle = first["data"]["last_confirmed"]
        for url in (owner_hook, follower_hook):
            assert [r["data"]["last_confirmed"] for r in reminders(url)].count(cycle) == 1

        # The owner confirms both: fresh again, and the match comes back.
        renewal = [
            now_event("initiative.confirmed", hub, {"initiative_id": hub}, 2),
            now_event("partner.confirmed", province, {"partner_id": province}, 2),
        ]
        posted = await registry.post("/v1/events:batch", headers=partner, json=renewal)
        assert posted.status_code == 200 and posted.json()["accepted"] == 2, posted.text
        renewed = (await registry.get(f"/v1/partners/{province}", headers=partner)).json()
        assert renewed["stale"] is False and renewed["last_confirmed"] > marked["last_confirmed"]
        back = await eventually(lambda: match("proposed"), "the match again", timeout_s=10)
        assert back["match_id"] == proposed["match_id"]
