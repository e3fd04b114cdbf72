"""`livinglab post` bulk-posts NDJSON and CSV files through the API of the running registry."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.registry.harness import Partner
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.integration

LIVINGLAB = Path(sys.executable).parent / "livinglab"
ENVELOPE = ("specversion", "id", "source", "type", "time", "subject", "sequence")


def write_csv(path: Path, events: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*ENVELOPE, "data"])
        writer.writeheader()
        for event in events:
            writer.writerow({**{k: event[k] for k in ENVELOPE}, "data": json.dumps(event["data"])})


def post_files(partner: Partner, *files: Path) -> subprocess.CompletedProcess[str]:
    command = [str(LIVINGLAB), "post", *map(str, files), "--url", partner.url]
    command += ["--api-key", partner.token, "--batch-size", "3"]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_ndjson_and_csv_files_are_posted_in_order_and_readable(
    partner: Partner, tmp_path: Path
) -> None:
    net = partner.network
    zuyd = net.id("zuyd")
    ndjson = tmp_path / "network.ndjson"
    first = [
        net.event("initiative.registered"),
        net.event("partner.registered"),
        net.event("partner.joined-initiative", sequence=2),
        net.event("partner.registered", subject=zuyd, name="Zuyd Hogeschool", kind="hogeschool"),
    ]
    ndjson.write_text("".join(json.dumps(e) + "\n" for e in first), encoding="utf-8")
    later = tmp_path / "later.csv"
    write_csv(later, [net.event("partner.updated", sequence=3), net.event("offer.published")])

    done = post_files(partner, ndjson, later)
    assert done.returncode == 0, done.stderr
    assert "accepted 6, already present 0, refused 0" in done.stderr

    with httpx.Client(base_url=partner.url, headers=partner.headers) as client:
        vista = client.get(f"/v1/partners/{net.id('vista-college')}").json()
        assert vista["has_coordinator"] is True and vista["sequence"] == 3
        assert vista["memberships"][net.id("cop-limburg")]["role"] == "lead"
        member_of = client.get("/v1/initiatives", params={"member": net.id("vista-college")})
        assert [i["id"] for i in member_of.json()["items"]] == [net.id("cop-limburg")]
        found = client.get("/v1/partners", params={"q": "zuyd hogeschool"}).json()["items"]
        assert zuyd in [p["id"] for p in found]
        offer = client.get(f"/v1/needs-offers/{net.id('offer-zij-instroom')}").json()
        assert (offer["direction"], offer["status"]) == ("offer", "open")

    # Posting the same files again changes nothing and says so.
    again = post_files(partner, ndjson, later)
    assert again.returncode == 0 and "accepted 0, already present 6, refused 0" in again.stderr


def test_refused_events_are_listed_and_the_exit_code_says_so(
    partner: Partner, tmp_path: Path
) -> None:
    net = partner.network
    broken = net.event("partner.registered", kind="bakery")
    path = tmp_path / "mixed.ndjson"
    lines = [net.event("initiative.registered"), broken]
    path.write_text("\n".join(json.dumps(e) for e in lines), encoding="utf-8")
    done = post_files(partner, path)
    assert done.returncode == 1
    assert "accepted 1, already present 0, refused 1" in done.stderr
    assert broken["id"] in done.stderr and "data.kind" in done.stderr


def test_keys_are_issued_and_revoked_from_the_command_line(registry: ServiceProcess) -> None:
    issue = [str(LIVINGLAB), "keys", "issue", "--system", "cli-crm", "--source", "/systems/cli"]
    issued = subprocess.run(
        [*issue, "--url", registry.url], capture_output=True, text=True, timeout=60, check=False
    )
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    assert token.startswith("llk_") and "\n" not in token
    with httpx.Client(base_url=registry.url, headers={"X-API-Key": token}) as client:
        assert client.get("/v1/partners").status_code == 200
        key_id = token.removeprefix("llk_").split(".")[0]
        revoke = [str(LIVINGLAB), "keys", "revoke", key_id, "--url", registry.url]
        done = subprocess.run(revoke, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert client.get("/v1/partners").status_code == 401
