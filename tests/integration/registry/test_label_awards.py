"""A labelling decision reaches the partners topic once (issue 19, docs/labelling.md): a
registry process records an Effective and a not-admitted decision through HTTP and writes one
partner.label-awarded about the host; a registry started on the same topics afterwards reads it
and writes nothing more. The topic itself is counted."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import orjson
import pytest
from livinglab_contracts import PARTNERS_TOPIC

from scripts.create_topics import create_all
from tests.integration.registry.harness import new_partner, registry_env
from tests.integration.registry.label_flow import decide, open_wave
from tests.integration.registry.network import read_topic
from tests.support.processes import ServiceProcess

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]

AWARDED = "nl.livinglab.partner.label-awarded.v1"


def awards(prefix: str, bootstrap: str) -> list[dict[str, object]]:
    records = asyncio.run(read_topic(bootstrap, prefix + PARTNERS_TOPIC))
    events = [orjson.loads(r.value) for r in records if r.value]
    return [e for e in events if e["type"] == AWARDED]


def test_a_decision_is_written_once_as_a_label_across_a_restart(
    topic_prefix: str, kafka_bootstrap: str
) -> None:
    prefix = f"{topic_prefix}labels."
    asyncio.run(create_all(kafka_bootstrap, prefix))
    env = registry_env(prefix, kafka_bootstrap)
    tag = uuid.uuid4().hex[:8]
    first = ServiceProcess("registry", env, name="registry-labels-a").start()
    started = [first]
    try:
        host = new_partner(first.url)
        registered = host.network.event("partner.registered")
        answer = httpx.post(
            f"{first.url}/v1/events", json=registered, headers=host.headers, timeout=30
        )
        assert answer.status_code == 202, answer.text
        host_id = registered["data"]["partner_id"]
        coordinator, evaluators = open_wave(first.url, tag)
        assert decide(coordinator, evaluators, tag, f"app-{tag}", host_id, 4) == "effective"
        refused = decide(coordinator, evaluators, tag, f"app-no-{tag}", host_id, 0, "Nope Lab")
        assert refused == "not_admitted"

        deadline = time.monotonic() + 20
        while not awards(prefix, kafka_bootstrap) and time.monotonic() < deadline:
            time.sleep(0.2)
        [award] = awards(prefix, kafka_bootstrap)
        assert award["subject"] == host_id
        assert award["sequence"] == registered["sequence"]  # the partner's: not moved
        assert award["data"] == {
            "partner_id": host_id,
            "network": "ENoLL",
            "member_type": "effective",
            "label_year": 2026,
            "lab_name": "Brightlands Living Lab",
            "application_id": f"app-{tag}",
        }
        shown = coordinator.get(f"/v1/partners/{host_id}").json()
        assert [label["member_type"] for label in shown["labels"]] == ["effective"]
        assert shown["sequence"] == registered["sequence"]

        # A registry started afterwards reads the award and writes nothing more.
        first.stop()
        second = ServiceProcess("registry", env, name="registry-labels-b").start()
        started.append(second)
        time.sleep(3.0)  # six rounds of the awarder
        assert len(awards(prefix, kafka_bootstrap)) == 1
        with httpx.Client(base_url=second.url, headers=coordinator.headers, timeout=30) as again:
            relabelled = again.get(f"/v1/partners/{host_id}").json()["labels"]
        assert [label["member_type"] for label in relabelled] == ["effective"]
    finally:
        for service in started:
            service.stop()
