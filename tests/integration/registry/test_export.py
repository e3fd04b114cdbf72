"""Open data export and duplicates against a real registry and Kafka: `as_of` rebuilt from the
topics shows the earlier register, opted-out partners stay out, the CLI writes the same export,
and two systems registering one KvK number are listed for coordinators."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyld import jsonld

from tests.integration.registry.harness import Partner, issue_key, new_partner
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.integration

LIVINGLAB = Path(sys.executable).parent / "livinglab"
SCHEMA = "https://schema.org/"


async def _post(client: httpx.AsyncClient, *events: dict[str, Any]) -> None:
    for event in events:
        response = await client.post("/v1/events", json=event)
        assert response.status_code == 202, response.text


def _names_by_id(document: dict[str, Any]) -> dict[str, str]:
    """Partner, initiative and need/offer names in an expanded JSON-LD export, by registry id."""
    [dataset] = jsonld.expand(document)
    found = {}
    for part in dataset.get(f"{SCHEMA}hasPart", []):
        [own_id] = [
            item[f"{SCHEMA}value"][0]["@value"]
            for item in part[f"{SCHEMA}identifier"]
            if item[f"{SCHEMA}propertyID"][0]["@value"] == "livinglab"
        ]
        found[own_id] = part[f"{SCHEMA}name"][0]["@value"]
    return found


async def _a_millisecond_later_than(moment: datetime) -> None:
    # Kafka stamps records in whole milliseconds: what is posted next must not share `moment`'s.
    # A clock to pass, not a condition another task sets: there is no event to wait for.
    while int(time.time() * 1000) <= int(moment.timestamp() * 1000):  # noqa: ASYNC110
        await asyncio.sleep(0.001)


async def test_as_of_shows_the_register_as_the_topics_held_it_then(
    partner: Partner, tmp_path: Path
) -> None:
    net = partner.network
    vista, zuyd, hidden = net.id("vista-college"), net.id("zuyd"), net.id("hidden")
    need, hidden_offer = net.id("need-procestechnologen"), net.id("offer-hidden")
    async with partner.client() as client:
        # Event A: the first registration.
        await _post(client, net.event("partner.registered", name="VISTA college"))
        noted = datetime.now(UTC)
        await _a_millisecond_later_than(noted)
        # Events B: a rename, a second partner, and one that did not opt in.
        await _post(
            client,
            net.event("partner.updated", sequence=2, name="VISTA college Zuid-Limburg"),
            net.event("partner.registered", subject=zuyd, name="Zuyd", kind="hogeschool"),
            net.event("partner.registered", subject=hidden, name="Hidden", opt_in=False),
            # A need of the published partner, an offer of the one that did not opt in.
            net.event("need.published"),
            net.event("offer.published", subject=hidden_offer, publisher_id=hidden),
        )

        now = await client.get("/v1/export")
        then = await client.get("/v1/export", params={"as_of": noted.isoformat()})

    assert now.status_code == 200, now.text
    assert then.status_code == 200, then.text
    ours = {vista, zuyd, hidden, need, hidden_offer}
    current = {k: v for k, v in _names_by_id(now.json()).items() if k in ours}
    earlier = {k: v for k, v in _names_by_id(then.json()).items() if k in ours}
    assert current == {
        vista: "VISTA college Zuid-Limburg",
        zuyd: "Zuyd",
        need: "Procestechnologen gezocht",
    }
    assert earlier == {vista: "VISTA college"}
    assert then.json()["temporalCoverage"] == f"../{noted.isoformat()}"

    # The CLI writes the same earlier register as CSV.
    written = tmp_path / "register.csv"
    command = [str(LIVINGLAB), "export", "--format", "csv", "--as-of", noted.isoformat()]
    command += ["--output", str(written), "--url", partner.url, "--api-key", partner.token]
    done = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    rows = [r for r in csv.DictReader(io.StringIO(written.read_text("utf-8"))) if r["id"] in ours]
    assert [(r["id"], r["name"]) for r in rows] == [(vista, "VISTA college")]


async def test_a_bad_as_of_is_refused_with_the_reason(partner: Partner) -> None:
    async with partner.client() as client:
        future = await client.get("/v1/export", params={"as_of": "2999-01-01"})
    assert future.status_code == 422
    assert future.json()["error"]["message"] == (
        "as_of '2999-01-01': lies in the future; leave as_of out for the register as it is now"
    )


async def test_two_systems_registering_one_kvk_number_are_listed_as_possible_duplicates(
    registry: ServiceProcess, partner: Partner
) -> None:
    other = new_partner(registry.url)
    coordinator = issue_key(registry.url, system="it-coordinator", role="coordinator", sources=[])
    kvk = str(int(time.time_ns()) % 10**8).zfill(8)  # unique per run on a shared registry
    ours, theirs = partner.network.id("vista-college"), other.network.id("vista")
    async with partner.client() as client:
        await _post(client, partner.network.event("partner.registered", external_ids={"kvk": kvk}))
    async with other.client() as client:
        event = other.network.event(
            "partner.registered", subject=theirs, name="Vista", external_ids={"kvk": kvk}
        )
        await _post(client, event)

    headers = {"X-API-Key": coordinator["token"]}
    async with httpx.AsyncClient(base_url=registry.url, headers=headers, timeout=30) as client:
        listed = await client.get("/v1/duplicates")
    assert listed.status_code == 200, listed.text
    [group] = [g for g in listed.json()["groups"] if {"kind": "kvk", "value": kvk} in _kinds(g)]
    assert sorted(p["id"] for p in group["partners"]) == sorted([ours, theirs])
    assert group["sources"] == sorted([partner.source, other.source])
    assert json.dumps(group["evidence"]).count(kvk) == 1


def _kinds(group: dict[str, Any]) -> list[dict[str, str]]:
    return [{"kind": e["kind"], "value": e["value"]} for e in group["evidence"]]
