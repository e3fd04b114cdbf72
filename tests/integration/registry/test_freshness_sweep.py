"""The freshness sweep writes each notice once per cycle, also across a takeover and a restart
(issue 19, docs/freshness.md): two registry processes on the same topics with a period of
seconds; the admitting one writes the reminder and is killed; the survivor takes over, writes no
second reminder and writes the stale mark once; a third process started afterwards writes
nothing more. The topic itself is counted."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime

import httpx
import orjson
import pytest
from livinglab_contracts import PARTNERS_TOPIC

from scripts.create_topics import create_all
from tests.integration.registry.harness import new_partner, registry_env
from tests.integration.registry.network import read_topic
from tests.support.processes import ServiceProcess

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]

PERIOD_S, LEAD_S = 20.0, 16.0  # reminded 4 s after registration, stale after 20 s
REMINDER = "nl.livinglab.partner.confirmation-requested.v1"
STALE = "nl.livinglab.partner.marked-stale.v1"
KINDS = (REMINDER, STALE)


def notices(prefix: str, bootstrap: str, partner_id: str) -> list[str]:
    records = asyncio.run(read_topic(bootstrap, prefix + PARTNERS_TOPIC))
    events = [orjson.loads(r.value) for r in records if r.value]
    return [e["type"] for e in events if e["subject"] == partner_id and e["type"] in KINDS]


def wait_for(check, what: str, timeout_s: float):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def admitter(prefix: str, bootstrap: str) -> str:
    records = asyncio.run(read_topic(bootstrap, prefix + "registry.admission.v1"))
    url: str = orjson.loads(records[-1].value or b"")["url"]
    return url


def test_each_notice_is_written_once_across_a_takeover_and_a_restart(
    topic_prefix: str, kafka_bootstrap: str
) -> None:
    prefix = f"{topic_prefix}fresh-sweep."
    asyncio.run(create_all(kafka_bootstrap, prefix))
    env = registry_env(
        prefix,
        kafka_bootstrap,
        lease_session_timeout_ms="6000",
        freshness_period_s=str(PERIOD_S),
        freshness_reminder_lead_s=str(LEAD_S),
        freshness_sweep_interval_s="0.2",
    )
    started = [ServiceProcess("registry", env, name="registry-fresh-a").start()]
    try:
        started.append(ServiceProcess("registry", env, name="registry-fresh-b").start())
        partner = new_partner(started[0].url)
        partner_id = f"p-fresh-{uuid.uuid4().hex[:8]}"
        registered = partner.network.event("partner.registered", subject=partner_id) | {
            "time": datetime.now(UTC).isoformat()
        }
        answer = httpx.post(
            f"{started[0].url}/v1/events", json=registered, headers=partner.headers, timeout=30
        )
        assert answer.status_code == 202, answer.text

        # The admitter reminds, then dies before the period ends.
        wait_for(lambda: notices(prefix, kafka_bootstrap, partner_id), "the reminder", 15)
        holder = admitter(prefix, kafka_bootstrap)
        dead = next(s for s in started if s.url == holder)
        dead.stop(kill=True)
        survivor = next(s for s in started if s is not dead)

        # The survivor takes over and marks it stale, once; no second reminder.
        wait_for(
            lambda: STALE in notices(prefix, kafka_bootstrap, partner_id), "the stale mark", 40
        )
        assert admitter(prefix, kafka_bootstrap) == survivor.url
        shown = httpx.get(
            f"{survivor.url}/v1/partners/{partner_id}", headers=partner.headers, timeout=30
        ).json()
        assert shown["stale"] is True

        # A registry started afterwards reads what was written and writes nothing more.
        survivor.stop()
        started.append(ServiceProcess("registry", env, name="registry-fresh-c").start())
        time.sleep(2.0)  # ten sweeps
        assert notices(prefix, kafka_bootstrap, partner_id) == [REMINDER, STALE]
    finally:
        for service in started:
            service.stop()
