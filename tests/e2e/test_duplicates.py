"""Duplicate partners end to end (issue 19, docs/open-data.md): two systems register the same
organisation (the same KvK number) under their own ids; a coordinator sees them listed as a
possible duplicate and merges one into the other. The duplicate's proposed match is withdrawn
with reason `merged`, its membership carries on as the survivor's (in the register and in
matching's graph), the pair is no longer listed, and nothing more is accepted about the
duplicate. Real Kafka, Neo4j, registry and matching, over HTTP."""

from __future__ import annotations

import random
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import System, issue_key
from tests.e2e.test_matching_flow import wait_for
from tests.support.events import event, hub_and_province, unique

pytestmark = pytest.mark.e2e

OTHER_SOURCE = "/systems/e2e-duplicates-other"


def matches(matching: httpx.Client, partner: str, status: str) -> list[dict[str, Any]]:
    page = matching.get("/v1/matches", params={"partner": partner, "status": status, "limit": 50})
    assert page.status_code == 200, page.text
    items: list[dict[str, Any]] = page.json()["items"]
    return items


def with_(found: list[dict[str, Any]], other: str) -> dict[str, Any] | None:
    return next((m for m in found if other in m["subject_ids"]), None)


def test_the_same_kvk_from_two_systems_is_flagged_and_merging_keeps_matches_consistent(
    system: System,
) -> None:
    hub, lab = unique("i-hub"), unique("i-lab")
    survivor, duplicate = unique("p-province"), unique("p-provincie")
    kvk = {"external_ids": {"kvk": f"{random.randrange(10**7, 10**8)}"}}
    other_key = issue_key(system.registry.url, {"system": "other-crm", "sources": [OTHER_SOURCE]})
    coordinator = {"X-API-Key": system.coordinator_key}
    theirs = hub_and_province(lab, duplicate, OTHER_SOURCE)
    theirs[0]["data"]["name"] = "Circulair Lab"
    theirs[1]["data"] |= {"name": "Provincie Limburg (Maastricht)"} | kvk
    theirs.append(
        event(
            "partner.joined-initiative",
            duplicate,
            {"partner_id": duplicate, "initiative_id": lab, "since": "2024-01-01"},
            2,
            OTHER_SOURCE,
        )
    )
    ours = hub_and_province(hub, survivor)
    ours[1]["data"] |= kvk
    with (
        system.registry_client() as registry,
        httpx.Client(
            base_url=system.registry.url, headers={"X-API-Key": other_key}, timeout=30
        ) as other,
        system.matching_client() as matching,
    ):
        for client, events in ((registry, ours), (other, theirs)):
            posted = client.post("/v1/events:batch", json=events)
            assert posted.status_code == 200, posted.text
            assert posted.json()["accepted"] == len(events), posted.text

        # Flagged for coordinators, with the evidence and both systems.
        def group() -> dict[str, Any] | None:
            listed = registry.get("/v1/duplicates", headers=coordinator).json()["groups"]
            return next((g for g in listed if survivor in [p["id"] for p in g["partners"]]), None)

        flagged = group()
        assert flagged is not None
        assert sorted(p["id"] for p in flagged["partners"]) == sorted([survivor, duplicate])
        assert flagged["evidence"] == [
            {"kind": "kvk", "value": kvk["external_ids"]["kvk"], "partner_ids": sorted(
                [survivor, duplicate])}
        ]  # fmt: skip
        assert len(flagged["sources"]) == 2

        # Both registrations are matched to the hub before the merge.
        before = wait_for(
            lambda: with_(matches(matching, duplicate, "proposed"), hub),
            what="the duplicate's match with the hub",
        )
        wait_for(lambda: with_(matches(matching, survivor, "proposed"), hub), what="survivor's")

        body = {"duplicate_id": duplicate, "survivor_id": survivor, "reason": "same KvK"}
        merged = registry.post("/v1/duplicates/merge", json=body, headers=coordinator)
        assert merged.status_code == 202, merged.text
        again = registry.post("/v1/duplicates/merge", json=body, headers=coordinator)
        assert again.status_code == 200 and again.json()["duplicate"] is True

        # The duplicate's match is withdrawn with reason 'merged'; the survivor's stays.
        withdrawn = wait_for(
            lambda: with_(matches(matching, duplicate, "withdrawn"), hub),
            what="the duplicate's match withdrawn",
        )
        assert withdrawn["match_id"] == before["match_id"]
        assert withdrawn["reason_code"] == "merged"
        assert matches(matching, duplicate, "proposed") == []
        assert with_(matches(matching, survivor, "proposed"), hub) is not None

        # Its membership counts for the survivor: in the register ...
        shown = registry.get(f"/v1/partners/{survivor}").json()
        assert shown["merged_ids"] == [duplicate]
        assert "Provincie Limburg (Maastricht)" in shown["aliases"]
        assert shown["memberships"][lab]["until"] is None
        assert shown["memberships"][lab]["merged_from"] == duplicate
        gone = registry.get(f"/v1/partners/{duplicate}").json()
        assert gone["merged_into"] == survivor
        assert gone["memberships"][lab]["left_reason"] == "merged"
        members = registry.get("/v1/initiatives", params={"member": survivor}).json()
        assert lab in [i["id"] for i in members["items"]]

        # ... and in matching's graph, where the survivor is now a member and no longer proposed.
        def current_member() -> bool:
            edges = matching.get(f"/v1/network/{survivor}").json()["edges"]
            return any(
                e["source"] == survivor and e["target"] == lab and e["until"] is None
                for e in edges
                if e["type"] == "MEMBER_OF"
            )

        wait_for(current_member, what="the survivor's membership in the graph")
        assert with_(matches(matching, survivor, "proposed"), lab) is None

        # No longer listed; nothing more about the duplicate is accepted.
        assert group() is None
        late = other.post(
            "/v1/events",
            json=event(
                "partner.updated",
                duplicate,
                {"partner_id": duplicate, "has_coordinator": True},
                4,
                OTHER_SOURCE,
            ),
        )
        assert late.status_code == 409, late.text
        assert late.json()["error"]["code"] == "merged"
        assert survivor in late.json()["error"]["message"]
