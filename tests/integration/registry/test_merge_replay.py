"""A merge (partner.merged, issue 19) read back from the topics by a restarted registry: the
duplicate and the survivor are keyed apart, so a replay may read them in another order than
they were admitted in; the register it builds is the one the first process showed."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from scripts.create_topics import create_all
from tests.integration.registry.harness import new_partner, registry_env
from tests.integration.registry.test_restart import register
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.integration


def test_a_restarted_registry_reads_a_merge_back_as_it_was(
    topic_prefix: str, kafka_bootstrap: str
) -> None:
    prefix = f"{topic_prefix}merge-replay."
    asyncio.run(create_all(kafka_bootstrap, prefix))
    env = registry_env(prefix, kafka_bootstrap)
    first = ServiceProcess("registry", env, name="registry-before-merge-replay").start()
    try:
        partner = new_partner(first.url)
        net = partner.network
        survivor, cop = net.id("vista-college"), net.id("cop-limburg")
        duplicates = [net.id(f"vista-{n}") for n in range(4)]
        events = [net.event("initiative.registered"), net.event("partner.registered")]
        for duplicate in duplicates:
            events += [
                net.event("partner.registered", subject=duplicate, name=f"Vista {duplicate}"),
                net.event("partner.joined-initiative", sequence=2, subject=duplicate),
            ]
        reason = "same KvK 14080231"
        events += [
            net.event("partner.merged", sequence=3, subject=d, survivor_id=survivor, reason=reason)
            for d in duplicates
        ]
        # The survivor leaves the membership the first merge gave it.
        events.append(net.event("partner.left-initiative", sequence=2))
        with httpx.Client(base_url=first.url, headers=partner.headers, timeout=30) as client:
            for event in events:
                response = client.post("/v1/events", json=event)
                assert response.status_code == 202, response.text
        before = register(first.url, partner.headers)
    finally:
        first.stop()
    shown = before[f"/v1/partners/{survivor}"]
    assert shown["merged_ids"] == duplicates
    assert shown["memberships"][cop]["merged_from"] == duplicates[0]
    assert shown["memberships"][cop]["until"] == "2025-01-01"
    assert before[f"/v1/partners/{duplicates[1]}"]["merged_into"] == survivor
    assert before[f"/v1/partners/{duplicates[1]}"]["memberships"][cop]["left_reason"] == "merged"

    second = ServiceProcess("registry", env, name="registry-after-merge-replay").start()
    try:
        assert register(second.url, partner.headers) == before
    finally:
        second.stop()
