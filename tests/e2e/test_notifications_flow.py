"""An event posted to the registry ends in a signed webhook, an SSE message and an e-mail."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest

from tests.e2e.conftest import System
from tests.integration.notifications.conftest import eventually
from tests.integration.notifications.receivers import Mailbox, WebhookReceiver
from tests.support.events import hub_and_province, unique
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    box.start()
    yield box
    box.stop()


@pytest.fixture(scope="module")
def notifications(
    system: System, system_env: dict[str, str], mailbox: Mailbox
) -> Iterator[ServiceProcess]:
    env = system_env | {
        "NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS": "true",  # the receiver listens on loopback
        "NOTIFICATIONS_SMTP_HOST": "127.0.0.1",
        "NOTIFICATIONS_SMTP_PORT": str(mailbox.port),
    }
    service = ServiceProcess("notifications", env).start()
    yield service
    service.stop()


async def feed_message_about(
    url: str, key: str, ready: asyncio.Event, subject: str
) -> dict[str, Any]:
    async with (
        httpx.AsyncClient(timeout=60) as client,
        client.stream("GET", f"{url}/v1/feed", headers={"X-API-Key": key}) as stream,
    ):
        ready.set()
        async for line in stream.aiter_lines():
            if line.startswith("data:") and subject in line:
                message: dict[str, Any] = orjson.loads(line[5:])
                return message
    raise AssertionError("feed closed without a message")


async def test_registry_event_reaches_webhook_feed_and_mail(
    system: System, notifications: ServiceProcess, receiver: WebhookReceiver, mailbox: Mailbox
) -> None:
    # Subscribe to everything in Zuid-Limburg, by webhook and by e-mail in English.
    address = f"{unique('coordinator')}@example.org"
    hook = receiver.hook()
    initiative, province = unique("i-hub"), unique("p-province")
    # Other tests share the coordinator key, so the subscription also names our initiative.
    subscription = {
        "name": "Zuid-Limburg",
        "filters": {"regions": ["CR39"], "subject_ids": [initiative]},
        "webhook": {"url": hook},
        "email": {"address": address, "language": "en"},
    }
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(
            f"{notifications.url}/v1/subscriptions",
            headers={"X-API-Key": system.coordinator_key},
            json=subscription,
        )
    assert response.status_code == 201, response.text
    secret = response.json()["webhook_secret"]
    feed_ready = asyncio.Event()
    feed = asyncio.create_task(
        feed_message_about(notifications.url, system.coordinator_key, feed_ready, province)
    )
    await asyncio.wait_for(feed_ready.wait(), 10)

    # A partner system registers an initiative on the circular economy, and the province.
    events = hub_and_province(initiative, province)
    headers = {"X-API-Key": system.partner_key}
    async with httpx.AsyncClient(
        base_url=system.registry.url, headers=headers, timeout=30
    ) as registry:
        result = await registry.post("/v1/events:batch", json=events)
    assert result.status_code == 200 and result.json()["accepted"] == 2, result.text

    # The webhook about the province arrives, signed with the subscription's secret. (Partners
    # from other tests may be proposed for the hub too; each of those is signed the same way.)
    def about_province() -> list[Any]:
        return [r for r in receiver.at(hook) if province.encode() in r.body]

    first = (await eventually(about_province, "the province webhook", timeout_s=60))[0]
    announced = first.verified(secret)  # Standard Webhooks, checked by its reference library
    assert announced["type"] == "nl.livinglab.match.proposed.v1"
    assert set(announced["data"]["subject_ids"]) == {province, initiative}
    # The hub has no members yet, so what it lacks is unknown: the shared theme is the reason.
    assert announced["data"]["top_reasons_en"].startswith(
        "Suggested because: shares theme 'circular economy' (M1)"
    )

    # The live feed carries the same change.
    message = await asyncio.wait_for(feed, 60)
    assert province in str(message)

    # And the e-mail arrives, in English, naming the partner.
    def mail_about_province() -> list[Any]:
        return [
            m
            for m in mailbox.to(address)
            if "Provincie Limburg" in m.get_body(preferencelist=("plain",)).get_content()
        ]

    mail = (await eventually(mail_about_province, "the e-mail", timeout_s=30))[0]
    assert "Suggested because" in mail.get_body(preferencelist=("plain",)).get_content()
