"""E-mail in the subscriber's language, and the live feed, from the same Kafka events."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from tests.integration.notifications.conftest import Stack, eventually
from tests.integration.notifications.kafka_io import match_event, produce

pytestmark = pytest.mark.integration


async def test_each_subscriber_gets_the_email_in_its_own_language(
    stack: Stack, unique_subject: str
) -> None:
    dutch, english = (
        f"nl-{uuid.uuid4().hex[:8]}@example.org",
        f"en-{uuid.uuid4().hex[:8]}@example.org",
    )
    filters = {"subject_ids": [unique_subject]}
    await stack.subscribe(filters=filters, email={"address": dutch, "language": "nl"})
    await stack.subscribe(filters=filters, email={"address": english, "language": "en"})
    await produce(
        stack.producer, stack.prefix, match_event(subject_ids=[unique_subject, "cop-limburg"])
    )

    [nl] = await eventually(lambda: stack.mailbox.to(dutch), "the Dutch e-mail")
    [en] = await eventually(lambda: stack.mailbox.to(english), "the English e-mail")
    assert nl["Subject"].startswith("Nieuwe match: Provincie Limburg en CoP")
    assert "Score: 62%" in nl.get_content() and "Waarom: Voorgesteld omdat" in nl.get_content()
    assert en["Subject"].startswith("New match: Provincie Limburg and CoP")
    assert "Why: Suggested because: adds government (M2)." in en.get_content()


async def test_the_live_feed_streams_each_change_to_the_subscriber(
    stack: Stack, unique_subject: str
) -> None:
    sub = await stack.subscribe(filters={"subject_ids": [unique_subject]})
    match = {"match_id": str(uuid.uuid4()), "subject_ids": [unique_subject, "cop-limburg"]}
    messages: list[dict[str, Any]] = []
    async with stack.client() as client, client.stream("GET", "/v1/feed") as stream:
        assert stream.status_code == 200
        lines = stream.aiter_lines()
        assert (await anext(lines)).startswith(": connected")
        await produce(stack.producer, stack.prefix, match_event(revision=1, **match))
        await produce(
            stack.producer, stack.prefix, match_event("match.withdrawn", revision=2, **match)
        )
        event_name = None
        async for line in lines:
            if line.startswith("event: "):
                event_name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                messages.append({**json.loads(line.removeprefix("data: ")), "name": event_name})
                if len(messages) == 2:
                    break
    assert [m["name"] for m in messages] == ["match.proposed", "match.withdrawn"]
    assert {m["subscription_id"] for m in messages} == {sub["subscription_id"]}
    assert messages[1]["event"]["data"]["reason_en"] == "CoP was closed"


async def test_another_subscriber_cannot_see_or_delete_the_subscription(stack: Stack) -> None:
    sub = await stack.subscribe(filters={"regions": ["NL42"]})
    async with stack.client("noord") as other:
        assert (await other.get(f"/v1/subscriptions/{sub['subscription_id']}")).status_code == 404
        assert (
            await other.delete(f"/v1/subscriptions/{sub['subscription_id']}")
        ).status_code == 404
    async with stack.client() as owner:
        assert (
            await owner.delete(f"/v1/subscriptions/{sub['subscription_id']}")
        ).status_code == 204
