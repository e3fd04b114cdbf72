"""The demo's labelling wave loads through the HTTP API with applications at every stage, once."""

from __future__ import annotations

import uuid
from datetime import date

import httpx

from demo.labelling_wave import APPLICATIONS, EVALUATORS, load_wave
from tests.integration.registry.harness import issue_key, new_partner
from tests.support.processes import ServiceProcess


def test_the_demo_wave_shows_every_stage_and_loads_once(registry: ServiceProcess) -> None:
    url, tag = registry.url, uuid.uuid4().hex[:8]
    coordinator_key = issue_key(url, system=f"coord-{tag}", role="coordinator")["token"]
    evaluator_keys = {e: issue_key(url, system=e, role="evaluator")["token"] for e in EVALUATORS}
    owner = new_partner(url)
    hosts = {}
    for demo in APPLICATIONS:
        event = owner.network.event("partner.registered", subject=f"{demo.host_partner_id}-{tag}")
        response = httpx.post(f"{url}/v1/events", json=event, headers=owner.headers, timeout=30)
        assert response.status_code == 202, response.text
        hosts[demo.host_partner_id] = f"{demo.host_partner_id}-{tag}"
    wave = f"wave-{tag}"

    assert load_wave(url, coordinator_key, evaluator_keys, hosts, wave, date(2026, 12, 6)) == 5
    assert load_wave(url, coordinator_key, evaluator_keys, hosts, wave, date(2026, 12, 6)) == 0

    listed = httpx.get(
        f"{url}/v1/labelling/applications", headers={"X-API-Key": coordinator_key}, timeout=30
    ).json()
    ours = {a["application_id"]: a for a in listed if a["wave_id"] == wave}
    stages = {
        a.removeprefix(f"{wave}-"): (s["status"], len(s["scored_by"])) for a, s in ours.items()
    }
    assert stages == {
        "demo-app-brightlands": ("decided", 3),
        "demo-app-chemelot": ("evaluated", 3),
        "demo-app-aeres": ("under_evaluation", 1),
        "demo-app-bureaubas": ("submitted", 0),
        "demo-app-accenture": ("decided", 3),
    }
    waves = httpx.get(
        f"{url}/v1/labelling/waves", headers={"X-API-Key": coordinator_key}, timeout=30
    ).json()
    (ours_wave,) = [w for w in waves if w["wave_id"] == wave]
    assert (ours_wave["year"], ours_wave["deadline"]) == (2026, "2027-02-04")
    assert ours_wave["applications"] == {
        "submitted": 1,
        "under_evaluation": 1,
        "evaluated": 1,
        "decided": 2,
    }
    decided = ours[f"{wave}-demo-app-brightlands"]["decision"]
    assert (decided["member_type"], decided["proposed_member_type"]) == ("effective", "effective")
    queue = httpx.get(
        f"{url}/v1/labelling/queue",
        headers={"X-API-Key": evaluator_keys[EVALUATORS[1]]},
        timeout=30,
    ).json()
    assert f"{wave}-demo-app-aeres" in {a["application_id"] for a in queue}
