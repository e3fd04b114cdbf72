"""The current state lives in Kafka: a restarted registry reads the same register back from its
topics, and still recognises duplicates, owners and sequences."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from scripts.create_topics import create_all
from tests.integration.registry.harness import Partner, new_partner, registry_env
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.integration

LISTS = ("/v1/initiatives", "/v1/partners", "/v1/needs-offers")


def history(partner: Partner) -> list[dict[str, Any]]:
    """A small network's life: registrations, memberships (one ended), needs, offers, changes."""
    net = partner.network
    zuyd = net.id("zuyd")
    return [
        net.event("initiative.registered"),
        net.event("partner.registered"),
        net.event("partner.registered", subject=zuyd, name="Zuyd Hogeschool", kind="hogeschool"),
        net.event("partner.joined-initiative", sequence=2),
        net.event("partner.joined-initiative", sequence=2, subject=zuyd, role="partner"),
        net.event("partner.left-initiative", sequence=3, subject=zuyd),
        net.event("need.published"),
        net.event("offer.published"),
        net.event("need-offer.withdrawn", sequence=2),
        net.event("initiative.status-changed", sequence=2),
        net.event("partner.updated", sequence=4),
    ]


def register(url: str, headers: dict[str, str]) -> dict[str, Any]:
    """Everything the read endpoints show, lists and single aggregates."""
    seen: dict[str, Any] = {}
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        for path in LISTS:
            page = client.get(path, params={"limit": 200})
            assert page.status_code == 200, page.text
            seen[path] = page.json()
            for item in page.json()["items"]:
                one = client.get(f"{path}/{item['id']}")
                assert one.status_code == 200
                seen[f"{path}/{item['id']}"] = one.json()
    return seen


def test_a_restarted_registry_reads_the_same_register_from_its_topics(
    topic_prefix: str, kafka_bootstrap: str
) -> None:
    prefix = f"{topic_prefix}restart."
    asyncio.run(create_all(kafka_bootstrap, prefix))
    env = registry_env(prefix, kafka_bootstrap)
    first = ServiceProcess("registry", env, name="registry-before-restart").start()
    try:
        # Fill the register through the API.
        partner = new_partner(first.url)
        events = history(partner)
        positions = []
        with httpx.Client(base_url=first.url, headers=partner.headers, timeout=30) as client:
            for event in events:
                response = client.post("/v1/events", json=event)
                assert response.status_code == 202, response.text
                positions.append(response.json())
        before = register(first.url, partner.headers)
    finally:
        first.stop()
    assert before["/v1/partners"]["total"] == 2 and before["/v1/needs-offers"]["total"] == 2
    cop = f"/v1/initiatives/{partner.network.id('cop-limburg')}"
    assert before[cop]["status"] == "sustained" and len(before[cop]["members"]) == 2

    # A new process on the same topics answers the same, with the same key.
    second = ServiceProcess("registry", env, name="registry-after-restart").start()
    try:
        assert register(second.url, partner.headers) == before
        with httpx.Client(base_url=second.url, headers=partner.headers, timeout=30) as client:
            # A retry of an event from before the restart is still a duplicate, at its offset.
            again = client.post("/v1/events", json=events[3])
            assert (again.status_code, again.json()) == (200, positions[3] | {"duplicate": True})
            stale = client.post(
                "/v1/events", json=partner.network.event("partner.updated", sequence=4)
            )
            assert (stale.status_code, stale.json()["error"]["code"]) == (409, "stale_sequence")
            later = partner.network.event("partner.updated", sequence=5)
            assert client.post("/v1/events", json=later).status_code == 202
        other = new_partner(second.url)
        takeover = partner.network.event("partner.updated", sequence=6) | {"source": other.source}
        with httpx.Client(base_url=second.url, headers=other.headers, timeout=30) as client:
            refused = client.post("/v1/events", json=takeover)
        assert (refused.status_code, refused.json()["error"]["code"]) == (403, "not_owner")
    finally:
        second.stop()
